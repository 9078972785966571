// Jupyter kernels in a rebuild: the notebooks that ran in the captured environment get a
// kernelspec of the same name in the image (`python -m ipykernel install --sys-prefix`), so they
// open there with the kernel they name. Needs ipykernel among the installed packages.

import EnvlockModel

/// A kernelspec the image registers.
public struct KernelRegistration: Hashable, Sendable {
  /// The kernelspec name the notebooks use.
  public var name: String
  /// Its display name.
  public var displayName: String?
  /// Non-secret `env` entries of the captured kernelspec, sorted by name.
  public var env: [PlannedVariable]
  /// The notebooks that use it.
  public var notebooks: [String]

  /// Creates a registration.
  public init(name: String, displayName: String?, env: [PlannedVariable], notebooks: [String]) {
    self.name = name
    self.displayName = displayName
    self.env = env
    self.notebooks = notebooks
  }

  /// The shell command that registers it, run by the image's Python.
  public var command: String {
    var words = ["python", "-m", "ipykernel", "install", "--sys-prefix", "--name", name]
    if let displayName { words += ["--display-name", displayName] }
    for variable in env { words += ["--env", variable.name, variable.text] }
    return words.map(OutputText.shellWord).joined(separator: " ")
  }
}

/// The kernels of a rebuild, with their decisions and hazards.
struct KernelPlan: Sendable {
  /// The kernelspecs to register.
  var registrations: [KernelRegistration] = []
  /// REBUILD.md decisions.
  var decisions: [Decision] = []
  /// Hazards.
  var hazards: [Hazard] = []

  /// Plans the kernels of `snapshot`; `installs` says whether a package is installed by the image.
  static func make(snapshot: Snapshot, installs: (String) -> Bool) -> KernelPlan {
    var plan = KernelPlan()
    let prefix = snapshot.interpreter?.prefix
    var byName: [String: (kernel: JupyterKernel?, spec: NotebookKernelspec, notebooks: [String])] = [:]
    for notebook in snapshot.notebooks {
      guard let spec = notebook.kernelspec else { continue }
      guard notebook.environment != nil, notebook.environment == prefix else {
        plan.hazards.append(
          Hazard(
            code: "notebook-kernel-not-captured", subject: notebook.path,
            message:
              "the notebook's kernel \(OutputText.code(spec.name)) runs in an environment this snapshot did not capture, so the image does not reproduce it",
            action: "capture that environment (`envlock capture --python <its prefix>`) and rebuild from it"))
        continue
      }
      let name = notebook.kernel?.name ?? spec.name.lowercased()
      guard ValueGrammar.isKernelName(name) else {
        plan.hazards.append(
          .unrepresentable(
            field: "kernel name of \(notebook.path)", value: name,
            rule: "a kernelspec name of letters, digits and `._-`",
            consequence: "no kernelspec is registered for it"))
        continue
      }
      byName[name, default: (notebook.kernel, spec, [])].notebooks.append(notebook.path)
    }
    guard !byName.isEmpty else { return plan }
    let names = byName.keys.sorted()
    guard installs("ipykernel") else {
      plan.hazards.append(
        Hazard(
          code: "ipykernel-missing", subject: names.joined(separator: ", "),
          message:
            "notebooks use \(names.count == 1 ? "this kernel" : "these kernels"), but ipykernel is not among the installed packages, so the image registers no kernelspec",
          action: "install ipykernel in the captured environment and capture again"))
      return plan
    }
    for name in names {
      let entry = byName[name]!
      var env: [PlannedVariable] = []
      for variable in entry.kernel?.env ?? [] {
        if !ValueGrammar.isEnvironmentName(variable.name) {
          plan.hazards.append(
            .unrepresentable(
              field: "variable name of kernel \(name)", value: variable.name,
              rule: "a name of `[A-Za-z_][A-Za-z0-9_]*`",
              consequence: "the kernelspec is registered without it"))
        } else if let value = variable.value, !OutputText.isOneLine(value) || value.hasPrefix("-") {
          plan.hazards.append(
            .unrepresentable(
              field: "value of kernel variable \(variable.name)", value: value,
              rule: "one line that does not start with `-`",
              consequence: "the kernelspec is registered without it"))
        } else if let value = variable.value {
          env.append(PlannedVariable(name: variable.name, text: value))
        } else {
          plan.hazards.append(
            Hazard(
              code: "kernel-secret", subject: "\(name): \(variable.name)",
              message: "the kernelspec sets a secret variable, which is not baked into the image",
              action: "set it in the container's environment at run time"))
        }
      }
      var displayName = entry.kernel?.displayName ?? entry.spec.displayName
      if let shown = displayName, !OutputText.isOneLine(shown) || shown.hasPrefix("-") {
        plan.hazards.append(
          .unrepresentable(
            field: "display name of kernel \(name)", value: shown,
            rule: "one line that does not start with `-`",
            consequence: "the kernelspec is registered without a display name"))
        displayName = nil
      }
      plan.registrations.append(
        KernelRegistration(
          name: name, displayName: displayName, env: env, notebooks: entry.notebooks.sorted()))
    }
    plan.decisions.append(
      Decision(
        topic: "jupyter kernels",
        choice: plan.registrations.map { "`\($0.name)`" }.joined(separator: ", ")
          + " registered with `python -m ipykernel install --sys-prefix`",
        reason:
          "\(snapshot.notebooks.count == 1 ? "the notebook names" : "the project's notebooks name") \(names.count == 1 ? "this kernel" : "these kernels"), which ran in the captured environment"
      ))
    return plan
  }
}
