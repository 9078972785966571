// METADATA, WHEEL and .pth files written with CRLF line ends (pip's own METADATA is) read
// the same as with LF.

import Testing

@testable import EnvlockCapture

@Suite struct LineEndingTests {
  @Test(arguments: ["\n", "\r\n"])
  func metadataHeaders(lineEnd: String) {
    let text = [
      "Metadata-Version: 2.1", "Name: pip", "Version: 23.2.1", "Requires-Dist: a", "Requires-Dist: b",
      "Description: first", "  folded", "", "Body: not a header",
    ].joined(separator: lineEnd)
    let headers = MetadataHeaders(Array(text.utf8))
    #expect(headers.first("Name") == "pip")
    #expect(headers.first("version") == "23.2.1")
    #expect(headers.all("Requires-Dist") == ["a", "b"])
    #expect(headers.first("Description") == "first\n  folded")
    #expect(headers.first("Body") == nil)
  }

  @Test(arguments: ["\n", "\r\n"])
  func pthFiles(lineEnd: String) {
    let text = [
      "# comment", "/opt/src/project", "", "import sys; sys.path.insert(0, '/x')", "relative/dir  ",
    ]
    .joined(separator: lineEnd)
    #expect(SiteScanner.pthDirectories(text) == ["/opt/src/project", "relative/dir"])
  }
}
