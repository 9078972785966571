// `[resources]`: CPU, memory, GPU and disk needs. With a target snapshot (`--target`), its host
// must meet them and its interpreter, architecture and libc must accept the snapshot's wheels
// (PEP 425 tags through EnvlockPackaging's `TagTarget`).

import EnvlockModel
import EnvlockPackaging

/// Checks the resource rules.
enum ResourceCheck {
  static func run(_ rules: ResourceRules, _ input: CheckInput) -> [RuleResult] {
    var out: [RuleResult] = []
    if rules.declaresHostNeeds { out.append(host(rules, input)) }
    if let disk = rules.diskBytes { out.append(self.disk(disk, input)) }
    if rules.wheels { out.append(wheels(input)) }
    return out
  }

  static func host(_ rules: ResourceRules, _ input: CheckInput) -> RuleResult {
    let id = "resources.host"
    guard let target = input.target else {
      return .skip(
        id, "no `--target` snapshot: pass `--target prod.envlock` to check the machine it will run on")
    }
    guard let host = target.host else {
      return .fail(
        id, "the target snapshot records no host", [], fix: "capture the target with a current envlock")
    }
    var gaps: [String] = []
    var evidence: [String] = []
    func judge(_ ok: Bool, _ text: String) { if ok { evidence.append(text) } else { gaps.append(text) } }
    if let cores = rules.cpuCores {
      judge(
        host.cpu.logicalCores >= cores,
        "CPU: the target has \(host.cpu.logicalCores) logical cores, the contract needs \(cores)")
    }
    if let memory = rules.memoryBytes {
      judge(
        host.memoryBytes >= memory,
        "memory: the target has \(bytes(host.memoryBytes)), the contract needs \(bytes(memory))")
    }
    let needed = rules.gpus ?? (rules.gpuMemoryBytes == nil ? 0 : 1)
    if needed > 0 || rules.gpus != nil {
      let fitting = host.gpus.filter { gpu in
        guard let minimum = rules.gpuMemoryBytes else { return true }
        return (gpu.memoryBytes ?? 0) >= minimum
      }
      let memoryText = rules.gpuMemoryBytes.map { " with at least \(bytes($0)) each" } ?? ""
      let names = host.gpus.map { "\($0.name)\($0.memoryBytes.map { " \(bytes($0))" } ?? "")" }
      judge(
        fitting.count >= needed,
        "GPU: the target has \(host.gpus.count) (\(names.isEmpty ? host.gpuProbe : names.joined(separator: ", "))), the contract needs \(needed)\(memoryText)"
      )
    }
    return .judge(
      id, gaps: gaps, passed: "the target host meets the declared needs",
      failed: "the target host is too small",
      evidence: evidence,
      fix: "run on a larger machine, or lower the declared needs after measuring the model")
  }

  /// The environment's footprint: installed package files plus data files.
  static func disk(_ declared: Int64, _ input: CheckInput) -> RuleResult {
    let packages = input.snapshot.pythonPackages.reduce(Int64(0)) { $0 + ($1.record?.totalSize ?? 0) }
    let data = input.snapshot.dataFiles.reduce(Int64(0)) { $0 + $1.size }
    let needed = packages + data
    let line =
      "packages \(bytes(packages)) + data \(bytes(data)) = \(bytes(needed)); the contract declares \(bytes(declared))"
    var evidence = [line]
    if input.target != nil {
      evidence.append("snapshots do not record free disk space; check the target's volume size separately")
    }
    return declared >= needed
      ? .pass("resources.disk", "the declared disk covers the environment's footprint", evidence)
      : .fail(
        "resources.disk", "the environment needs more disk than the contract declares", [line],
        fix: "raise `resources.disk` to at least \(bytes(needed)) or shrink the environment")
  }

  static func wheels(_ input: CheckInput) -> RuleResult {
    let id = "resources.wheels"
    guard let target = input.target else {
      return .skip(id, "no `--target` snapshot: pass `--target prod.envlock` to check wheel compatibility")
    }
    guard let tagTarget = tagTarget(for: target) else {
      return .fail(
        id, "the target snapshot records no interpreter", [],
        fix: "capture the target with `envlock capture --python ...` on the production machine")
    }
    let described = describe(target)
    var gaps: [String] = []
    var checked = 0
    for p in input.snapshot.pythonPackages where !p.wheelTags.isEmpty {
      var tags = Set<WheelTag>()
      for line in p.wheelTags { tags.formUnion((try? WheelTag.parseSet(line)) ?? []) }
      guard !tags.isEmpty else { continue }
      checked += 1
      if !tags.contains(where: tagTarget.accepts) {
        gaps.append(
          "\(p.name) \(p.version) (\(p.wheelTags.joined(separator: ", "))) cannot be installed on \(described)"
        )
      }
      if let requires = p.requiresPython, let version = target.interpreter?.version,
        let range = try? SpecifierSet(requires), !range.contains(version, prereleases: true)
      {
        gaps.append("\(p.name) \(p.version) requires Python `\(requires)`, the target has \(version)")
      }
    }
    return .judge(
      id, gaps: gaps, passed: "the target (\(described)) can install all \(checked) wheels",
      failed: "\(gaps.count) package\(gaps.count == 1 ? "" : "s") cannot run on the target (\(described))",
      fix:
        "rebuild the environment for the target (`envlock rebuild` on a matching base image), or pin versions that publish wheels for it"
    )
  }

  /// The install target of a snapshot: its interpreter, ABI, architecture and libc.
  static func tagTarget(for snapshot: Snapshot) -> TagTarget? {
    guard let interpreter = snapshot.interpreter, let version = Version(parsing: interpreter.version) else {
      return nil
    }
    let implementation: PythonImplementation
    switch interpreter.implementation.lowercased() {
    case "cpython": implementation = .cpython
    case "pypy": implementation = .pypy
    default: implementation = .other(interpreter.implementation.lowercased())
    }
    var abis: [String]?
    if implementation == .cpython, let soabi = interpreter.soabi {
      // `cpython-311-x86_64-linux-gnu` -> `cp311`; `cpython-313t-...` -> `cp313t`.
      let parts = soabi.split(separator: "-")
      if parts.count > 1 { abis = ["cp" + parts[1]] }
    }
    let libc = snapshot.host?.libc ?? interpreter.libc
    let parsed = libc.flatMap { libcVersion($0.version) }
    let arch = snapshot.host?.architecture ?? interpreter.markers.platformMachine
    let platform: TargetPlatform
    switch interpreter.markers.sysPlatform {
    case "linux":
      platform = .linux(
        arch: arch, glibc: libc?.family == "glibc" ? parsed : nil, musl: libc?.family == "musl" ? parsed : nil
      )
    default:
      platform = .tags([
        "\(interpreter.platform.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_"))"
      ])
    }
    return TagTarget(
      implementation: implementation, pythonVersion: (version.major, version.minor), abis: abis,
      platform: platform)
  }

  private static func libcVersion(_ text: String) -> LibcVersion? {
    let parts = text.split(separator: ".").compactMap { Int($0) }
    return parts.count >= 2 ? LibcVersion(parts[0], parts[1]) : nil
  }

  private static func describe(_ snapshot: Snapshot) -> String {
    guard let i = snapshot.interpreter else { return "the target" }
    let libc = (snapshot.host?.libc ?? i.libc).map { " \($0.family) \($0.version)" } ?? ""
    return
      "\(i.implementation) \(i.version), \(snapshot.host?.architecture ?? i.markers.platformMachine)\(libc)"
  }

  /// `16.0 GiB`.
  static func bytes(_ value: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var v = Double(value)
    var i = 0
    while v >= 1024, i < units.count - 1 {
      v /= 1024
      i += 1
    }
    return i == 0 ? "\(value) B" : String(format: "%.1f", v) + " " + units[i]
  }
}
