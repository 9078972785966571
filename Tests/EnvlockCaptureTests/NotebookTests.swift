// Notebook capture: two real venvs, kernelspecs written as `ipykernel install` writes them into a
// temporary JUPYTER_PATH, notebooks that name them; the capture must record the kernel's
// environment (not the shell's python3), the notebook entries and every warning case.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

/// Two venvs with one marker distribution each, and a Jupyter data directory for kernelspecs.
final class NotebookWorld: Sendable {
  let root: URL
  let venvA: URL
  let venvB: URL
  let jupyter: URL
  /// The full Python version of the venvs (as `platform.python_version()` prints it).
  let version: String

  init() throws {
    root = try TestSupport.temporaryDirectory("envlock-notebooks")
    venvA = root.appendingPathComponent("venv-a")
    venvB = root.appendingPathComponent("venv-b")
    jupyter = root.appendingPathComponent("jupyter")
    for (venv, package) in [(venvA, "marker_a"), (venvB, "marker_b")] {
      let made = try TestSupport.run("python3", ["-m", "venv", "--without-pip", venv.path])
      guard made.status == 0 else { throw TestSupportError(description: "venv: \(made.stderr)") }
      let dist = try Fixtures.sitePackages(venv).appendingPathComponent("\(package)-1.0.dist-info")
      try FileManager.default.createDirectory(at: dist, withIntermediateDirectories: true)
      try "Metadata-Version: 2.1\nName: \(package)\nVersion: 1.0\n".write(
        to: dist.appendingPathComponent("METADATA"), atomically: true, encoding: .utf8)
    }
    let v = try TestSupport.run(
      venvA.appendingPathComponent("bin/python").path,
      ["-c", "import platform; print(platform.python_version())"])
    version = v.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    try kernel(
      "env-a", venv: venvA, display: "Python (env A)", env: ["MY_SETTING": "1", "API_TOKEN": "s3cr3t"])
    try kernel("env-b", venv: venvB, display: "Python (env B)")
  }

  /// Writes `kernels/<name>/kernel.json` as `python -m ipykernel install --prefix` would.
  func kernel(_ name: String, venv: URL, display: String, env: [String: String] = [:]) throws {
    var spec: [String: Any] = [
      "argv": [
        venv.appendingPathComponent("bin/python").path, "-m", "ipykernel_launcher", "-f", "{connection_file}",
      ],
      "display_name": display, "language": "python", "metadata": ["debugger": true],
    ]
    if !env.isEmpty {
      spec["env"] = env
      spec["interrupt_mode"] = "message"
    }
    let dir = jupyter.appendingPathComponent("kernels/\(name)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys]).write(
      to: dir.appendingPathComponent("kernel.json"))
  }

  /// A fresh project folder.
  func project() throws -> URL {
    try TestSupport.temporaryDirectory("envlock-notebook-project")
  }

  /// Writes an nbformat 4.5 notebook naming `kernel`, last run with Python `ran`.
  static func notebook(kernel: String?, ran: String?) -> String {
    var metadata: [String: Any] = [:]
    if let kernel {
      metadata["kernelspec"] = ["name": kernel, "display_name": "Python (\(kernel))", "language": "python"]
    }
    if let ran {
      metadata["language_info"] = ["name": "python", "version": ran, "mimetype": "text/x-python"]
    }
    let doc: [String: Any] = [
      "nbformat": 4, "nbformat_minor": 5, "metadata": metadata,
      "cells": [
        [
          "cell_type": "code", "id": "c1", "metadata": [:], "source": ["import sys\n"], "outputs": [],
          "execution_count": NSNull(),
        ]
      ],
    ]
    let data = try! JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  /// The shell of a user whose `python3` and active venv are venv B.
  func environment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    for name in ["CONDA_PREFIX", "JUPYTER_DATA_DIR", "XDG_DATA_HOME", "JUPYTER_PREFER_ENV_PATH"] {
      env.removeValue(forKey: name)
    }
    env["HOME"] = root.path
    env["JUPYTER_PATH"] = jupyter.path
    env["VIRTUAL_ENV"] = venvB.path
    env["PATH"] = venvB.appendingPathComponent("bin").path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    env.merge(extra) { $1 }
    return env
  }

  /// Captures `project` with the given notebooks.
  func capture(
    _ project: URL, notebooks: [String], python: String? = nil, environment extra: [String: String] = [:]
  ) throws -> CaptureResult {
    var options = CaptureOptions(
      python: python, projectRoot: project.path, environment: environment(extra),
      commandLine: ["envlock", "capture"], toolVersion: "test")
    options.notebooks = notebooks
    options.autoDetectConfig = false
    return try Capturer.capture(options)
  }

  static let shared = Result { try NotebookWorld() }
}

func write(_ text: String, _ name: String, in folder: URL) throws {
  let url = folder.appendingPathComponent(name)
  try FileManager.default.createDirectory(
    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try text.write(to: url, atomically: true, encoding: .utf8)
}

@Suite struct NotebookCaptureTests {
  @Test func capturesTheKernelsEnvironmentNotTheShellsPython() throws {
    let world = try NotebookWorld.shared.get()
    let project = try world.project()
    try write(NotebookWorld.notebook(kernel: "env-a", ran: world.version), "analysis.ipynb", in: project)
    let result = try world.capture(project, notebooks: ["analysis.ipynb"])
    let snapshot = result.snapshot

    let interpreter = try #require(snapshot.interpreter)
    #expect(interpreter.prefix == world.venvA.path)
    #expect(interpreter.selection.reason == "notebook kernel env-a")
    #expect(snapshot.pythonPackages.map(\.name).contains("marker-a"))
    #expect(!snapshot.pythonPackages.map(\.name).contains("marker-b"))
    #expect(result.notes.contains { $0.contains("notebook kernel `env-a`") })

    let entry = try #require(snapshot.notebooks.first)
    #expect(snapshot.notebooks.count == 1)
    #expect(entry.path == "analysis.ipynb")
    #expect(entry.nbformat == 4 && entry.nbformatMinor == 5)
    #expect(
      entry.kernelspec == NotebookKernelspec(name: "env-a", displayName: "Python (env-a)", language: "python")
    )
    #expect(entry.languageInfo == NotebookLanguageInfo(name: "python", version: world.version))
    let bytes = try Data(contentsOf: project.appendingPathComponent("analysis.ipynb"))
    let sum = try TestSupport.run("sha256sum", [project.appendingPathComponent("analysis.ipynb").path])
    #expect(sum.stdout.hasPrefix(entry.sha256.hex), "\(bytes.count) bytes")
    #expect(entry.environment == world.venvA.path)

    let kernel = try #require(entry.kernel)
    #expect(kernel.name == "env-a")
    #expect(kernel.displayName == "Python (env A)")
    #expect(kernel.language == "python")
    #expect(kernel.interruptMode == "message")
    #expect(kernel.interpreter == world.venvA.appendingPathComponent("bin/python").path)
    #expect(kernel.pythonVersion == world.version)
    #expect(kernel.argv.suffix(4) == ["-m", "ipykernel_launcher", "-f", "{connection_file}"])
    #expect(kernel.resourceDirectory == "~/jupyter/kernels/env-a")
    #expect(kernel.env.map(\.name) == ["API_TOKEN", "MY_SETTING"])
    #expect(kernel.env[0].value == nil && kernel.env[0].redaction != nil)
    #expect(kernel.env[1].value == "1")
    let json = String(decoding: try CanonicalJSON.encode(snapshot), as: UTF8.self)
    #expect(!json.contains("s3cr3t"))
    #expect(json.contains("\"language_info\""))
    #expect(
      snapshot.warnings.filter {
        $0.code.rawValue.contains("notebook") || $0.code.rawValue.contains("kernel")
      }.isEmpty)
  }

  @Test func explicitPythonWinsAndTheNotebookIsMarkedNotCaptured() throws {
    let world = try NotebookWorld.shared.get()
    let project = try world.project()
    try write(NotebookWorld.notebook(kernel: "env-a", ran: world.version), "a.ipynb", in: project)
    let result = try world.capture(project, notebooks: ["a.ipynb"], python: world.venvB.path)
    #expect(result.snapshot.interpreter?.prefix == world.venvB.path)
    #expect(result.snapshot.interpreter?.selection.reason == "--python")
    #expect(result.notes.isEmpty)
    #expect(result.snapshot.notebooks.first?.environment == nil)
    #expect(result.snapshot.warnings.map(\.code).contains(.notebookKernelNotCaptured))
  }

  /// One case per warning the issue asks for.
  struct WarningCase: Sendable, CustomStringConvertible {
    let description: String
    /// Notebook file name → kernel name (nil: none) and the version it last ran with (nil: the venvs').
    let notebooks: [(String, String?, String?)]
    let code: CaptureWarning.Code
    let message: String
    /// The expected selection reason.
    let reason: String
  }

  static let warningCases: [WarningCase] = [
    WarningCase(
      description: "python version changed", notebooks: [("old.ipynb", "env-a", "3.0.1")],
      code: .notebookPythonVersionChanged,
      message: "last ran with Python 3.0.1, but its kernel `env-a` now runs Python",
      reason: "notebook kernel env-a"),
    WarningCase(
      description: "kernelspec not found", notebooks: [("lost.ipynb", "no-such-kernel", nil)],
      code: .kernelspecNotFound,
      message: "kernelspec `no-such-kernel` of notebook `lost.ipynb` was not found",
      reason: "VIRTUAL_ENV"),
    WarningCase(
      description: "notebooks use different kernels",
      notebooks: [("one.ipynb", "env-a", nil), ("two.ipynb", "ENV-B", nil)],
      code: .notebookKernelsDiffer, message: "`env-a` (one.ipynb); `env-b` (two.ipynb)",
      reason: "VIRTUAL_ENV"),
    WarningCase(
      description: "no kernelspec in the notebook", notebooks: [("bare.ipynb", nil, nil)],
      code: .notebookNoKernelspec, message: "notebook `bare.ipynb` names no kernel", reason: "VIRTUAL_ENV"),
  ]

  @Test(arguments: warningCases)
  func warns(_ c: WarningCase) throws {
    let world = try NotebookWorld.shared.get()
    let project = try world.project()
    for (name, kernel, ran) in c.notebooks {
      try write(NotebookWorld.notebook(kernel: kernel, ran: ran ?? world.version), name, in: project)
    }
    let result = try world.capture(project, notebooks: c.notebooks.map(\.0))
    let warning = result.snapshot.warnings.first { $0.code == c.code }
    #expect(warning?.message.contains(c.message) == true, "\(result.snapshot.warnings)")
    #expect(result.snapshot.interpreter?.selection.reason == c.reason)
    #expect(result.snapshot.notebooks.map(\.path) == c.notebooks.map(\.0).sorted())
  }

  @Test(arguments: [
    ("not JSON", "{\"nbformat\": 4, oops", "it is not JSON"),
    ("empty file", "", "it is not JSON"),
    ("JSON array", "[1, 2]", "it is not a JSON object"),
    ("no metadata", "{\"nbformat\": 4, \"nbformat_minor\": 5, \"cells\": []}", "it has no `metadata` object"),
    (
      "metadata not an object", "{\"nbformat\": 4, \"metadata\": [], \"cells\": []}",
      "it has no `metadata` object"
    ),
    (
      "nbformat 3", "{\"nbformat\": 3, \"nbformat_minor\": 0, \"metadata\": {}, \"worksheets\": []}",
      "nbformat 3 is not supported"
    ),
    ("no nbformat", "{\"metadata\": {}, \"cells\": []}", "it has no integer `nbformat`"),
    ("nbformat as text", "{\"nbformat\": \"4\", \"metadata\": {}}", "it has no integer `nbformat`"),
  ])
  func malformedNotebookIsAWarningNamingTheFile(_ name: String, _ text: String, _ reason: String) throws {
    let world = try NotebookWorld.shared.get()
    let project = try world.project()
    try write(text, "broken.ipynb", in: project)
    try write(NotebookWorld.notebook(kernel: "env-a", ran: world.version), "good.ipynb", in: project)
    let result = try world.capture(project, notebooks: ["broken.ipynb", "good.ipynb"])
    let warning = try #require(result.snapshot.warnings.first { $0.code == .notebookMalformed })
    #expect(warning.path == "broken.ipynb")
    #expect(
      warning.message.contains("`broken.ipynb`") && warning.message.contains(reason), "\(warning.message)")
    #expect(result.snapshot.notebooks.map(\.path) == ["good.ipynb"])
    #expect(result.snapshot.interpreter?.prefix == world.venvA.path)
  }

  @Test func missingNotebookIsAnInputError() throws {
    let world = try NotebookWorld.shared.get()
    let project = try world.project()
    #expect(throws: CaptureError.self) {
      _ = try world.capture(project, notebooks: ["nowhere.ipynb"])
    }
  }

  @Test func foldersAndGlobsFindNotebooksButNotCheckpoints() throws {
    let world = try NotebookWorld.shared.get()
    let project = try world.project()
    let text = NotebookWorld.notebook(kernel: "env-a", ran: world.version)
    try write(text, "nb/one.ipynb", in: project)
    try write(text, "nb/sub/two.ipynb", in: project)
    try write(text, "nb/.ipynb_checkpoints/one-checkpoint.ipynb", in: project)
    try write(text, "top.ipynb", in: project)
    let result = try world.capture(project, notebooks: ["nb", "*.ipynb", "none-*.ipynb"])
    #expect(result.snapshot.notebooks.map(\.path) == ["nb/one.ipynb", "nb/sub/two.ipynb", "top.ipynb"])
    #expect(result.snapshot.warnings.map(\.code).contains(.notebookGlobEmpty))
  }
}

@Suite struct NotebookKernelspecFinderTests {
  /// Jupyter's order: JUPYTER_PATH, the user data dir, environments, system dirs; names ignore case.
  @Test(arguments: [
    (
      "JUPYTER_PATH first", ["JUPYTER_PATH": "/p1:/p2"],
      ["/p1", "/p2", "/home/u/.local/share/jupyter", "/env/share/jupyter"]
    ),
    ("JUPYTER_DATA_DIR", ["JUPYTER_DATA_DIR": "/data"], ["/data", "/env/share/jupyter"]),
    ("XDG_DATA_HOME", ["XDG_DATA_HOME": "/xdg"], ["/xdg/jupyter", "/env/share/jupyter"]),
    ("prefer env", ["JUPYTER_PREFER_ENV_PATH": "1"], ["/env/share/jupyter", "/home/u/.local/share/jupyter"]),
  ])
  func searchOrder(_ name: String, _ extra: [String: String], _ expected: [String]) {
    var env = ["HOME": "/home/u"]
    env.merge(extra) { $1 }
    let finder = KernelspecFinder(environment: env, candidatePrefixes: ["/env"])
    #expect(Array(finder.dataDirectories.prefix(expected.count)) == expected)
    #expect(finder.dataDirectories.suffix(2) == ["/usr/local/share/jupyter", "/usr/share/jupyter"])
  }

  @Test func firstMatchWinsCaseInsensitivelyAndBarePythonIsTheEnvironments() throws {
    let world = try NotebookWorld.shared.get()
    let data = world.root.appendingPathComponent("env-share")
    let spec = data.appendingPathComponent("kernels/Python3")
    try FileManager.default.createDirectory(at: spec, withIntermediateDirectories: true)
    try
      #"{"argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "Python 3", "language": "python"}"#
      .write(to: spec.appendingPathComponent("kernel.json"), atomically: true, encoding: .utf8)
    // venv A's share/jupyter is a link to env-share, as if ipykernel were installed there.
    let share = world.venvA.appendingPathComponent("share")
    try? FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
    try? FileManager.default.createSymbolicLink(
      at: share.appendingPathComponent("jupyter"), withDestinationURL: data)
    let finder = KernelspecFinder(
      environment: ["HOME": world.root.path, "JUPYTER_PATH": world.jupyter.path, "PATH": "/usr/bin"],
      candidatePrefixes: [world.venvA.path])
    guard case .found(let found) = finder.find("PYTHON3") else {
      Issue.record("python3 not found")
      return
    }
    #expect(found.name == "python3")
    #expect(found.dataDirectory == world.venvA.appendingPathComponent("share/jupyter").path)
    #expect(
      finder.interpreter(of: found, workingDirectory: "/")
        == world.venvA.appendingPathComponent("bin/python").path)
    guard case .found(let a) = finder.find("env-a") else {
      Issue.record("env-a not found")
      return
    }
    #expect(a.dataDirectory == world.jupyter.path)
  }

  @Test(arguments: [
    ("not JSON", "{", "not a JSON object"),
    ("no argv", #"{"display_name": "x"}"#, "not a JSON object"),
    ("empty argv", #"{"argv": []}"#, "`argv` is empty"),
  ])
  func malformedKernelJSON(_ name: String, _ text: String, _ reason: String) throws {
    let dir = try TestSupport.temporaryDirectory("envlock-kernel")
    let file = dir.appendingPathComponent("kernel.json")
    try text.write(to: file, atomically: true, encoding: .utf8)
    guard
      case .malformed(_, let why) = KernelspecFinder.read(
        file.path, name: "k", directory: dir.path, dataDirectory: dir.path)
    else {
      Issue.record("\(name) was accepted")
      return
    }
    #expect(why.contains(reason))
  }
}
