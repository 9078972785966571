// End-to-end: `envlock capture` with notebooks (flag and envlock.toml) picks the notebooks' kernel
// environment and says so; `envlock diff` reports a notebook whose kernel changed.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct NotebookCLITests {
  /// A project with two venvs, kernelspecs for both in a JUPYTER_PATH, and a notebook naming `kernel`.
  static func project(kernel: String) throws -> (ProjectRun, [String: String]) {
    let run = try ProjectRun()
    for name in ["venv-a", "venv-b"] {
      let made = try TestSupport.run("python3", ["-m", "venv", "--without-pip", run.path(name)])
      #expect(made.status == 0, "\(made.stderr)")
      let spec: [String: Any] = [
        "argv": [run.path("\(name)/bin/python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (\(name))", "language": "python",
      ]
      let data = try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys])
      try run.write("jupyter/kernels/\(name)/kernel.json", String(decoding: data, as: UTF8.self))
    }
    try run.write("notebooks/eda.ipynb", notebook(kernel))
    let environment = [
      "JUPYTER_PATH": run.path("jupyter"), "PATH": run.path("venv-b/bin") + ":/usr/local/bin:/usr/bin:/bin",
    ]
    return (run, environment)
  }

  static func notebook(_ kernel: String) -> String {
    """
    {"cells": [], "metadata": {"kernelspec": {"display_name": "Python (\(kernel))", "language": "python", "name": "\(kernel)"}},
     "nbformat": 4, "nbformat_minor": 5}
    """
  }

  @Test(arguments: [("flag", ["--notebook", "notebooks/eda.ipynb"]), ("envlock.toml", [])])
  func captureTakesTheKernelsEnvironment(_ how: String, _ flags: [String]) throws {
    let (run, environment) = try Self.project(kernel: "venv-a")
    if flags.isEmpty { try run.write("envlock.toml", "[notebooks]\npaths = [\"notebooks/*.ipynb\"]\n") }
    let capture = try run.envlock(
      ["capture", "--no-sign", "-o", "x.envlock"] + flags, environment: environment)
    #expect(capture.status == 0, "\(capture.stderr)")
    #expect(
      capture.stderr.contains("note: capturing the environment of notebook kernel `venv-a`"),
      "\(capture.stderr)")
    let snapshot = try run.snapshot("x.envlock")
    #expect(snapshot.interpreter?.prefix == run.path("venv-a"))
    #expect(snapshot.interpreter?.selection.reason == "notebook kernel venv-a")
    #expect(snapshot.notebooks.map(\.path) == ["notebooks/eda.ipynb"])
    #expect(snapshot.notebooks.first?.environment == run.path("venv-a"))
  }

  @Test func diffReportsAChangedKernel() throws {
    let (run, environment) = try Self.project(kernel: "venv-a")
    let flags = ["--no-sign", "--notebook", "notebooks/eda.ipynb"]
    #expect(try run.envlock(["capture", "-o", "a.envlock"] + flags, environment: environment).status == 0)
    try run.write("notebooks/eda.ipynb", Self.notebook("venv-b"))
    #expect(try run.envlock(["capture", "-o", "b.envlock"] + flags, environment: environment).status == 0)
    let diff = try run.envlock(
      ["diff", "a.envlock", "b.envlock", "--only", "notebooks"], environment: environment)
    #expect(diff.status == 1, "\(diff.stdout)\(diff.stderr)")
    #expect(
      diff.stdout.contains("notebooks/eda.ipynb kernel `venv-a` → kernel `venv-b` (changed)"),
      "\(diff.stdout)")
  }

  @Test func malformedNotebookIsAWarningAndMissingOneExits2() throws {
    let (run, environment) = try Self.project(kernel: "venv-a")
    try run.write(
      "notebooks/old.ipynb", #"{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}"#)
    let capture = try run.envlock(
      ["capture", "--no-sign", "-o", "x.envlock", "--notebook", "notebooks"], environment: environment)
    #expect(capture.status == 0, "\(capture.stderr)")
    #expect(
      capture.stderr.contains("warning: notebook `notebooks/old.ipynb` was left out: nbformat 3"),
      "\(capture.stderr)")
    let missing = try run.envlock(
      ["capture", "--no-sign", "-o", "y.envlock", "--notebook", "nope.ipynb"], environment: environment)
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("Failed to read the notebook"), "\(missing.stderr)")
  }
}
