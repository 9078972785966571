// `[interpreter]`: the snapshot's Python implementation and version (PEP 440 range).

import EnvlockModel
import EnvlockPackaging

/// Checks the interpreter rules.
enum InterpreterCheck {
  static func run(_ rules: InterpreterRules, _ input: CheckInput) -> [RuleResult] {
    guard let interpreter = input.snapshot.interpreter else {
      return [
        .fail(
          "interpreter.version", "the snapshot records no interpreter", [],
          fix: "capture with `envlock capture --python VENV` so the interpreter is recorded")
      ]
    }
    var out: [RuleResult] = []
    if !rules.implementations.isEmpty {
      let name = interpreter.implementation.lowercased()
      let allowed = rules.implementations.map { "`\($0)`" }.joined(separator: ", ")
      out.append(
        rules.implementations.contains(name)
          ? .pass("interpreter.implementation", "\(name) is allowed (\(allowed))")
          : .fail(
            "interpreter.implementation", "the interpreter is \(name), the contract allows \(allowed)",
            ["interpreter: \(interpreter.executable) (\(name) \(interpreter.version))"],
            fix: "rebuild the environment on an allowed implementation and capture again"))
    }
    if let range = rules.version {
      let ok = range.contains(interpreter.version, prereleases: true)
      out.append(
        ok
          ? .pass("interpreter.version", "Python \(interpreter.version) is in `\(range)`")
          : .fail(
            "interpreter.version", "Python \(interpreter.version) is outside `\(range)`",
            ["interpreter: \(interpreter.executable)"],
            fix:
              "recreate the virtual environment with a Python in `\(range)` (for example `uv venv --python \(suggestion(range))`) and capture again"
          ))
    }
    return out
  }

  /// A version to suggest: the lower bound of the range, else the range itself.
  private static func suggestion(_ range: SpecifierSet) -> String {
    for s in range.specifiers where s.op == .greaterThanOrEqual || s.op == .compatible || s.op == .equal {
      return s.versionText
    }
    return "'\(range)'"
  }
}
