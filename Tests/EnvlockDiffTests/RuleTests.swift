// One table-driven test per explanation rule.

@testable import EnvlockDiff
import EnvlockPackaging
import EnvlockModel
import Testing

/// Finds a finding by id anywhere in a tree.
func find(_ id: String, in findings: [Finding]) -> Finding? {
  for f in findings {
    if f.id == id { return f }
    if let c = find(id, in: f.children) { return c }
  }
  return nil
}

/// The id of the top-level finding that holds `id` (itself when top-level).
func topLevel(of id: String, in findings: [Finding]) -> String? {
  findings.first { find(id, in: [$0]) != nil }?.id
}

func diff(_ a: Snapshot, _ b: Snapshot, config: ([String: String], [String: String]) = ([:], [:]))
  -> DiffReport
{
  EnvironmentDiff.compare(Build.input("a", a, config: config.0), Build.input("b", b, config: config.1))
}

// MARK: Impact severity from the version change

struct VersionCase: CustomStringConvertible, Sendable {
  let a: String
  let b: String
  let change: VersionChange
  let kind: ChangeKind
  let severity: Severity
  var description: String { "\(a) → \(b)" }
}

@Test(arguments: [
  VersionCase(a: "1.26.4", b: "2.1.0", change: .major, kind: .upgraded, severity: .high),
  VersionCase(a: "2.1.4", b: "2.2.0", change: .minor, kind: .upgraded, severity: .medium),
  VersionCase(a: "2.31.0", b: "2.31.1", change: .patch, kind: .upgraded, severity: .low),
  VersionCase(a: "2.2.1", b: "1.26.18", change: .major, kind: .downgraded, severity: .high),
  VersionCase(a: "2.0.0", b: "2.0.0rc1", change: .prerelease, kind: .downgraded, severity: .medium),
  VersionCase(a: "2.0.0.dev1", b: "2.0.0.dev3", change: .prerelease, kind: .upgraded, severity: .medium),
  VersionCase(a: "1.0", b: "1.0.post1", change: .post, kind: .upgraded, severity: .low),
  VersionCase(a: "2.3.0+cu118", b: "2.3.0+cu121", change: .local, kind: .upgraded, severity: .low),
  VersionCase(a: "1!1.0", b: "2.0", change: .epoch, kind: .downgraded, severity: .high),
  VersionCase(a: "1.0", b: "1.0.0.1", change: .patch, kind: .upgraded, severity: .low),
  VersionCase(a: "2004d", b: "2005a", change: .unknown, kind: .upgraded, severity: .medium),
])
func severityFromVersionChange(_ c: VersionCase) {
  var a = Build.laptop()
  var b = Build.prod()
  Build.set(&a, Build.package("pkg", c.a, site: Build.site(a)))
  Build.set(&b, Build.package("pkg", c.b, site: Build.site(b)))
  let f = find("python:pkg", in: diff(a, b).findings)
  #expect(f?.impact.versionChange == c.change)
  #expect(f?.kind == c.kind)
  #expect(f?.impact.severity == c.severity)
}

// MARK: Root causes first

struct RootCase: CustomStringConvertible, Sendable {
  let name: String
  let change: @Sendable (inout Snapshot) -> Void
  let root: String?
  let children: [String]
  var description: String { name }
}

@Test(arguments: [
  RootCase(
    name: "interpreter minor bump explains cp311 → cp312 wheels",
    change: { s in
      s.interpreter!.version = "3.12.2"
      s.interpreter!.soabi = "cpython-312-x86_64-linux-gnu"
      for i in s.pythonPackages.indices {
        s.pythonPackages[i].wheelTags = s.pythonPackages[i].wheelTags.map {
          $0.replacing("cp311", with: "cp312")
        }
      }
    }, root: "interpreter:version",
    children: ["python:numpy", "python:pandas", "python:scipy", "python:scikit-learn"]),
  RootCase(
    name: "interpreter patch bump explains nothing",
    change: { s in s.interpreter!.version = "3.11.9" }, root: nil, children: []),
  RootCase(
    name: "libc change explains manylinux rebuilds",
    change: { s in
      s.host!.libc = Libc(family: "glibc", version: "2.28")
      let i = s.pythonPackages.firstIndex { $0.name == "numpy" }!
      s.pythonPackages[i].wheelTags = ["cp311-cp311-manylinux_2_28_x86_64"]
      s.pythonPackages[i].record!.contentFingerprint = Build.digestC
    }, root: "host:libc", children: ["python:numpy"]),
  RootCase(
    name: "architecture change explains compiled wheels and system packages",
    change: { s in
      s.host!.architecture = "aarch64"
      s.interpreter!.platform = "linux-aarch64"
      for i in s.pythonPackages.indices {
        s.pythonPackages[i].wheelTags = s.pythonPackages[i].wheelTags.map {
          $0.replacing("x86_64", with: "aarch64")
        }
      }
      for i in s.systemPackages.indices { s.systemPackages[i].architecture = "arm64" }
    }, root: "host:architecture",
    children: ["python:numpy", "system:libgomp1", "interpreter:platform"]),
  RootCase(
    name: "a rebuilt pure-Python wheel is not explained by the interpreter",
    change: { s in
      s.interpreter!.version = "3.12.2"
      let i = s.pythonPackages.firstIndex { $0.name == "six" }!
      s.pythonPackages[i].installer = "uv"
    }, root: "interpreter:version", children: []),
])
func rootCausesFirst(_ c: RootCase) {
  let a = Build.laptop()
  var b = Build.prod()
  c.change(&b)
  let report = diff(a, b)
  if let root = c.root {
    let r = report.findings.first { $0.id == root }
    #expect(r != nil, "root \(root) is top-level")
    for child in c.children {
      #expect(topLevel(of: child, in: report.findings) == root, "\(child) under \(root)")
    }
    if c.children.isEmpty { #expect(r?.children.isEmpty == true) }
    // Root causes come first.
    #expect(report.findings.first?.id == root)
  } else {
    #expect(report.findings.allSatisfy { $0.children.isEmpty })
  }
}

// MARK: Dependency reasoning

struct DependencyCase: CustomStringConvertible, Sendable {
  let name: String
  let change: @Sendable (inout Snapshot) -> Void
  let id: String
  let parent: String?
  let cause: String
  var description: String { name }
}

@Test(arguments: [
  DependencyCase(
    name: "a requested upgrade forces a transitive one",
    change: { s in
      let site = Build.site(s)
      Build.set(
        &s,
        Build.package(
          "scikit-learn", "1.5.0",
          requires: ["numpy>=1.19.5", "scipy>=1.6.0", "joblib>=1.2.0", "threadpoolctl>=3.1.0"],
          tags: Build.binary("cp311"), requested: true, site: site))
      Build.set(&s, Build.package("joblib", "1.4.2", site: site))
    }, id: "python:joblib", parent: "python:scikit-learn",
    cause:
      "scikit-learn 1.5.0 in B requires joblib>=1.2.0, which excludes 1.1.1; pulled in by the change of scikit-learn 1.3.2 → 1.5.0"
  ),
  DependencyCase(
    name: "a transitive move the requirements merely allow",
    change: { s in Build.set(&s, Build.package("urllib3", "1.26.18", site: Build.site(s))) },
    id: "python:urllib3", parent: nil,
    cause: "requests 2.31.0 in B requires urllib3 <3,>=1.21.1, which allows both versions"),
  DependencyCase(
    name: "a new requirement adds a package",
    change: { s in
      let site = Build.site(s)
      Build.set(
        &s,
        Build.package(
          "requests", "2.32.3",
          requires: [
            "charset-normalizer<4,>=2", "idna<4,>=2.5", "urllib3<3,>=1.21.1", "certifi>=2017.4.17",
            "brotli>=1.0",
          ],
          requested: true, site: site))
      Build.set(&s, Build.package("brotli", "1.1.0", site: site))
    }, id: "python:brotli", parent: "python:requests",
    cause: "requests 2.32.3 in B requires brotli>=1.0; pulled in by the change of requests 2.31.0 → 2.32.3"),
  DependencyCase(
    name: "a marker false in B's environment does not count",
    change: { s in
      let site = Build.site(s)
      Build.set(
        &s,
        Build.package(
          "requests", "2.32.3",
          requires: ["urllib3<2; python_version < \"3.8\"", "urllib3<3,>=1.21.1"], requested: true, site: site
        ))
      Build.set(&s, Build.package("urllib3", "2.2.2", site: site))
    }, id: "python:urllib3", parent: "python:requests",
    cause:
      "requests 2.32.3 in B requires urllib3 <3,>=1.21.1, which allows both versions; pulled in by the change of requests 2.31.0 → 2.32.3"
  ),
])
func dependencyReasoning(_ c: DependencyCase) {
  let a = Build.laptop()
  var b = Build.prod()
  c.change(&b)
  let report = diff(a, b)
  let f = find(c.id, in: report.findings)
  #expect(f?.cause == c.cause)
  #expect(topLevel(of: c.id, in: report.findings) == (c.parent ?? c.id))
}

// MARK: Broken requirements (pip check)

struct BrokenCase: CustomStringConvertible, Sendable {
  let name: String
  let requires: [String]
  let installed: [String: String]
  let python: String
  let broken: [String]
  var description: String { name }
}

@Test(arguments: [
  BrokenCase(
    name: "version excluded", requires: ["numpy<2.0"], installed: ["numpy": "2.1.0"], python: "3.11.7",
    broken: ["app 1.0 requires numpy<2.0 but B has numpy 2.1.0"]),
  BrokenCase(
    name: "missing", requires: ["tomli>=1.1.0"], installed: [:], python: "3.11.7",
    broken: ["app 1.0 requires tomli>=1.1.0, which B does not have"]),
  BrokenCase(
    name: "marker false", requires: ["tomli>=1.1.0; python_version < \"3.11\""], installed: [:],
    python: "3.11.7",
    broken: []),
  BrokenCase(
    name: "marker true", requires: ["tomli>=1.1.0; python_version < \"3.11\""], installed: [:],
    python: "3.10.13",
    broken: ["app 1.0 requires tomli>=1.1.0; python_version < \"3.11\", which B does not have"]),
  BrokenCase(
    name: "pre-release allowed like pip check", requires: ["numpy>=1.0"], installed: ["numpy": "2.0.0rc1"],
    python: "3.11.7", broken: []),
  BrokenCase(
    name: "extra not requested", requires: ["PySocks>=1.5.6; extra == \"socks\""], installed: [:],
    python: "3.11.7", broken: []),
  BrokenCase(
    name: "extra requested by another package", requires: ["PySocks>=1.5.6; extra == \"socks\"", "@user"],
    installed: [:], python: "3.11.7",
    broken: ["app 1.0 requires PySocks>=1.5.6; extra == \"socks\", which B does not have"]),
  BrokenCase(
    name: "name normalization", requires: ["Typing_Extensions>=4"], installed: ["typing-extensions": "4.9.0"],
    python: "3.11.7", broken: []),
])
func brokenRequirements(_ c: BrokenCase) {
  let a = Build.laptop()
  var b = Build.prod()
  b.interpreter!.markers = Build.markers(python: c.python)
  let site = Build.site(b)
  let requires = c.requires.filter { $0 != "@user" }
  Build.set(&b, Build.package("app", "1.0", requires: requires, requested: true, site: site))
  if c.requires.contains("@user") {
    Build.set(&b, Build.package("user", "1.0", requires: ["app[socks]"], requested: true, site: site))
  }
  for (name, version) in c.installed { Build.set(&b, Build.package(name, version, site: site)) }
  let report = diff(a, b)
  let broken = report.findings.filter { $0.category == .requirements && $0.subject.hasPrefix("app ") }
  #expect(broken.compactMap(\.cause).sorted() == c.broken.sorted())
  #expect(broken.allSatisfy { $0.impact.severity == .high })
}

@Test func brokenInBothAndFixed() {
  var a = Build.laptop()
  var b = Build.prod()
  Build.set(&a, Build.package("app", "1.0", requires: ["numpy<1.0", "six>=2"], site: Build.site(a)))
  Build.set(&b, Build.package("app", "1.0", requires: ["numpy<1.0"], site: Build.site(b)))
  let report = diff(a, b)
  #expect(find("requirements:app->numpy", in: report.findings)?.impact.severity == .medium)
  #expect(find("requirements:app->six", in: report.findings)?.impact.severity == .info)
}
