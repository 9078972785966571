// OutputFolder writes only inside its directory (issue #20, item 6): a symbolic link planted in it,
// a `..` component or an absolute path is refused with an error naming the path, and nothing is
// written where it points.

import EnvlockFileIO
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct OutputFolderTests {
  /// A directory to write into and a directory outside it that must stay untouched.
  struct Setup {
    let root: URL
    let target: URL
    let outside: URL

    init() throws {
      root = try TestSupport.temporaryDirectory("envlock-output-folder")
      target = root.appendingPathComponent("out")
      outside = root.appendingPathComponent("outside")
      try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
      try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
      try Data("original\n".utf8).write(to: outside.appendingPathComponent("victim"))
    }

    /// Everything under `outside`, with contents.
    func outsideContents() throws -> [String: String] {
      var result: [String: String] = [:]
      let enumerator = FileManager.default.enumerator(atPath: outside.path)
      while let name = enumerator?.nextObject() as? String {
        let path = outside.appendingPathComponent(name).path
        result[name] = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<folder>"
      }
      return result
    }

    func link(_ name: String, to destination: URL) throws {
      let url = target.appendingPathComponent(name)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(at: url, withDestinationURL: destination)
    }
  }

  /// A hostile layout and the path written into it.
  struct Case: CustomStringConvertible, Sendable {
    var name: String
    /// Symbolic links to create inside the target: name -> `outside` (nil) or `outside/victim`.
    var links: [(String, toFile: Bool)] = []
    /// The relative path written.
    var path: String
    /// The path the error must name (relative to the target, or as given when absolute).
    var named: String
    var description: String { name }
  }

  static let cases = [
    Case(
      name: "symlinked subfolder", links: [("config-files", false)], path: "config-files/settings.toml",
      named: "config-files"),
    Case(name: "symlinked file", links: [("Dockerfile", true)], path: "Dockerfile", named: "Dockerfile"),
    Case(
      name: "symlinked child of a subfolder", links: [("machine-config/@venv", false)],
      path: "machine-config/@venv/pip.conf", named: "machine-config/@venv"),
    Case(
      name: "symlinked file in a subfolder", links: [("a/b/victim", true)], path: "a/b/victim",
      named: "a/b/victim"),
    Case(name: "parent component", path: "../outside/victim", named: "../outside/victim"),
    Case(name: "parent component inside", path: "a/../../outside/victim", named: "a/../../outside/victim"),
    Case(name: "current component", path: "./x", named: "./x"),
    Case(name: "empty component", path: "a//x", named: "a//x"),
    Case(name: "empty path", path: "", named: ""),
  ]

  @Test(arguments: cases)
  func refusesToLeaveTheDirectory(_ c: Case) throws {
    let setup = try Setup()
    for (name, toFile) in c.links {
      try setup.link(name, to: toFile ? setup.outside.appendingPathComponent("victim") : setup.outside)
    }
    let before = try setup.outsideContents()
    let folder = try OutputFolder(setup.target.path)
    #expect(throws: FileWriteError.self) { try folder.check(c.path) }
    for replace in [false, true] {
      do {
        try folder.write(Array("hostile\n".utf8), to: c.path, replace: replace)
        Issue.record("\(c.path) was written (replace: \(replace))")
      } catch {
        guard case .writeFailed(let path, let reason) = error else {
          Issue.record("unexpected error \(error)")
          continue
        }
        #expect(path == setup.target.path + (c.named.isEmpty ? "" : "/" + c.named), "\(error.message)")
        #expect(error.message.contains("`\(path)`"))
        #expect(!reason.isEmpty)
      }
    }
    #expect(try setup.outsideContents() == before)
  }

  /// An absolute path is refused and named as given, even one inside the directory.
  @Test func refusesAbsolutePaths() throws {
    let setup = try Setup()
    let folder = try OutputFolder(setup.target.path)
    for path in [
      setup.outside.appendingPathComponent("victim").path, setup.target.appendingPathComponent("x").path,
    ] {
      #expect(
        throws: FileWriteError.writeFailed(
          path: path, reason: "an absolute path is not inside `\(setup.target.path)`")
      ) {
        try folder.write([1], to: path, replace: true)
      }
    }
    #expect(try setup.outsideContents() == ["victim": "original\n"])
    #expect(try folder.entries().isEmpty)
  }

  /// A symbolic link as the output directory itself is the caller's choice and is followed; links
  /// inside it are not.
  @Test func theDirectoryItselfMayBeALink() throws {
    let setup = try Setup()
    let alias = setup.root.appendingPathComponent("alias")
    try FileManager.default.createSymbolicLink(at: alias, withDestinationURL: setup.target)
    let folder = try OutputFolder(alias.path)
    try folder.write(Array("a\n".utf8), to: "sub/file", replace: false)
    #expect(try String(contentsOf: setup.target.appendingPathComponent("sub/file"), encoding: .utf8) == "a\n")
  }

  /// Writing makes folders, replaces regular files only with `replace`, keeps the mode and leaves
  /// no temporary file.
  @Test func writesReplacesAndCleansUp() throws {
    let setup = try Setup()
    let folder = try OutputFolder(setup.target.appendingPathComponent("new/deep").path)
    try folder.write(Array("one\n".utf8), to: "a/b/c.txt", replace: false)
    #expect(throws: FileWriteError.destinationExists(path: folder.path + "/a/b/c.txt")) {
      try folder.write(Array("two\n".utf8), to: "a/b/c.txt", replace: false)
    }
    try folder.write(Array("three\n".utf8), to: "a/b/c.txt", replace: true, mode: 0o600)
    let file = folder.path + "/a/b/c.txt"
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "three\n")
    let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/a/b") == ["c.txt"])
    try folder.makeFolder("data-files/x")
    #expect(try folder.entries().sorted() == ["a", "data-files"])
  }

  /// A file where a folder is needed, or a folder where a file goes, is refused by name.
  @Test func refusesOtherFileTypes() throws {
    let setup = try Setup()
    let folder = try OutputFolder(setup.target.path)
    try folder.write([1], to: "file", replace: false)
    try folder.makeFolder("dir")
    #expect(
      throws: FileWriteError.writeFailed(path: folder.path + "/file", reason: "it exists and is not a folder")
    ) {
      try folder.write([1], to: "file/x", replace: true)
    }
    #expect(
      throws: FileWriteError.writeFailed(
        path: folder.path + "/dir", reason: "it exists and is not a regular file")
    ) {
      try folder.write([1], to: "dir", replace: true)
    }
  }
}
