import EnvlockPackaging
import Testing

@Suite("PEP 503 names")
struct PackageNameTests {
  @Test(
    "normalizes",
    arguments: [
      ("Scikit_Learn", "scikit-learn"), ("zope.interface", "zope-interface"), ("foo._-bar", "foo-bar"),
      ("NumPy", "numpy"), ("foo--bar", "foo-bar"),
    ])
  func normalizes(_ raw: String, _ normalized: String) throws {
    #expect(try PackageName(raw).normalized == normalized)
    #expect(try PackageName(raw) == PackageName(normalized))
  }

  @Test("rejects invalid names", arguments: ["", "-foo", "foo-", "foo bar", "café", "_foo"])
  func rejects(_ raw: String) {
    #expect(throws: PackagingError.invalidName(raw)) { try PackageName(raw) }
  }

  @Test("agrees with packaging.utils.canonicalize_name")
  func differential() throws {
    var m = Mismatches()
    for c in try Fixtures.load("names.json")["cases"] as! [[Any]] {
      let raw = c[0] as! String
      m.check(
        PackageName.normalize(raw) == c[1] as! String,
        "\(raw.debugDescription) -> \(PackageName.normalize(raw))")
      m.check(PackageName.isValid(raw) == Fixtures.bool(c[2]), "\(raw.debugDescription) validity")
    }
    #expect(m.items.isEmpty, "\(m.report)")
  }
}
