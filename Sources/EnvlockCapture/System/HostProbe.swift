// The host: /etc/os-release, uname, the C library, /proc/cpuinfo, memory and GPUs via
// `nvidia-smi` when it is installed (absent is recorded as absent, not as an error).

import EnvlockFileIO
import EnvlockModel
import Glibc

enum HostProbe {
  /// CPU flags that change which numeric kernels run (BLAS, FFT, hashing), recorded when present.
  static let numericFlags: Set<String> = [
    // x86
    "sse", "sse2", "sse3", "ssse3", "sse4_1", "sse4_2", "avx", "avx2", "fma", "fma4", "f16c", "bmi1", "bmi2",
    "popcnt", "aes", "sha_ni", "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl", "avx512ifma",
    "avx512vbmi", "avx512_vbmi2", "avx512_vnni", "avx512_bitalg", "avx512_vpopcntdq", "avx512_bf16",
    "avx512_fp16", "avx_vnni", "amx_tile", "amx_bf16", "amx_int8",
    // arm64 (the `Features` line)
    "fp", "asimd", "asimdhp", "asimddp", "asimdfhm", "sve", "sve2", "bf16", "i8mm", "sha2", "sha512",
    "atomics",
  ]

  /// Probes the host. `root` prefixes the files read (tests point it at a fixture tree).
  static func probe(
    root: String = "", environment: [String: String], warnings: inout [CaptureWarning]
  ) -> Host {
    let os = operatingSystem(root: root, warnings: &warnings)
    var uts = utsname()
    uname(&uts)
    let release = cString(&uts.release)
    let machine = cString(&uts.machine)
    let cpu = cpuInfo(root: root, warnings: &warnings)
    let (gpus, gpuProbe) = probeGPUs(environment: environment, warnings: &warnings)
    return Host(
      os: os, kernelRelease: release, architecture: machine, libc: libc(root: root), cpu: cpu,
      memoryBytes: memoryBytes(root: root), gpus: gpus, gpuProbe: gpuProbe)
  }

  /// Parses `/etc/os-release` (falling back to `/usr/lib/os-release`).
  static func operatingSystem(root: String, warnings: inout [CaptureWarning]) -> OperatingSystem {
    for path in ["/etc/os-release", "/usr/lib/os-release"] {
      guard
        let bytes = InputFile.readIfPresent(
          root + path, .osRelease, unreadableCode: .osReleaseMissing, warnings: &warnings)
      else { continue }
      let fields = parseOSRelease(String(decoding: bytes, as: UTF8.self))
      return OperatingSystem(
        id: fields["ID"] ?? "linux",
        idLike: (fields["ID_LIKE"] ?? "").split(separator: " ").map(String.init),
        versionId: fields["VERSION_ID"], versionCodename: fields["VERSION_CODENAME"],
        prettyName: fields["PRETTY_NAME"])
    }
    warnings.append(
      CaptureWarning(
        code: .osReleaseMissing, message: "No os-release file; the OS is recorded as `linux`",
        path: root + "/etc/os-release"))
    return OperatingSystem(id: "linux")
  }

  /// Parses os-release `KEY=value` lines with shell-style quoting.
  static func parseOSRelease(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for rawLine in text.split(whereSeparator: \.isNewline) {
      let line = rawLine.trimming(" \t")
      guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
      let key = String(line[..<eq])
      var value = Substring(line[line.index(after: eq)...])
      if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
        value = value.dropFirst().dropLast()
      }
      var unescaped = ""
      var escape = false
      for ch in value {
        if escape {
          unescaped.append(ch)
          escape = false
        } else if ch == "\\" {
          escape = true
        } else {
          unescaped.append(ch)
        }
      }
      fields[key] = unescaped
    }
    return fields
  }

  /// glibc from `confstr`, else musl when its loader exists.
  static func libc(root: String) -> Libc? {
    if root.isEmpty {
      var buffer = [CChar](repeating: 0, count: 128)
      if confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count) > 0 {
        let parts = stringFromCBuffer(buffer).split(separator: " ", maxSplits: 1)
        if parts.count == 2 { return Libc(family: String(parts[0]), version: String(parts[1])) }
      }
    }
    if case .success(let entries) = FileSystem.list(root + "/lib"),
      let loader = entries.first(where: { $0.name.hasPrefix("ld-musl-") })
    {
      _ = loader
      return Libc(family: "musl", version: "unknown")
    }
    return nil
  }

  /// The first processor's model, vendor and numeric flags from `/proc/cpuinfo`.
  static func cpuInfo(root: String, warnings: inout [CaptureWarning]) -> CPU {
    let cores = root.isEmpty ? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) : 0
    var problems: [CaptureWarning] = []
    guard
      let text = InputFile.readIfPresent(
        root + "/proc/cpuinfo", .procFile, unreadableCode: .cpuInfoUnreadable, warnings: &problems
      ).map({ String(decoding: $0, as: UTF8.self) })
    else {
      warnings += problems.filter { $0.code == .inputTooLarge }
      warnings.append(
        CaptureWarning(
          code: .cpuInfoUnreadable, message: "Cannot read the CPU description", path: root + "/proc/cpuinfo"
        ))
      return CPU(model: "unknown", vendor: nil, logicalCores: cores, flags: [])
    }
    var model: String?
    var vendor: String?
    var flags: Set<String> = []
    var processors = 0
    for line in text.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let key = line[..<colon].trimming(" \t")
      let value = line[line.index(after: colon)...].trimming(" \t")
      switch key {
      case "processor": processors += 1
      case "model name", "Model", "cpu model", "Hardware": if model == nil { model = value }
      case "vendor_id", "CPU implementer": if vendor == nil { vendor = value }
      case "flags", "Features":
        if flags.isEmpty { flags = Set(value.split(separator: " ").map(String.init)) }
      default: break
      }
    }
    return CPU(
      model: model ?? "unknown", vendor: vendor, logicalCores: cores > 0 ? cores : max(processors, 1),
      flags: flags.intersection(numericFlags).sorted())
  }

  /// `MemTotal` from `/proc/meminfo`, else physical pages × page size.
  static func memoryBytes(root: String) -> Int64 {
    var ignored: [CaptureWarning] = []
    if let bytes = InputFile.readIfPresent(
      root + "/proc/meminfo", .procFile, unreadableCode: .cpuInfoUnreadable, warnings: &ignored)
    {
      let text = String(decoding: bytes, as: UTF8.self)
      for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
        let digits = line.dropFirst("MemTotal:".count).trimming(" \t").split(separator: " ")
        if let kb = digits.first.flatMap({ Int64($0) }) { return kb * 1024 }
      }
    }
    guard root.isEmpty else { return 0 }
    return Int64(sysconf(Int32(_SC_PHYS_PAGES))) * Int64(sysconf(Int32(_SC_PAGESIZE)))
  }

  /// Runs `nvidia-smi` when it is on PATH.
  static func probeGPUs(
    environment: [String: String], warnings: inout [CaptureWarning]
  ) -> ([GPU], String) {
    guard let smi = findExecutable("nvidia-smi", path: environment["PATH"]) else {
      return ([], "nvidia-smi absent")
    }
    let env = ["PATH": environment["PATH"] ?? "/usr/bin:/bin", "LC_ALL": "C"]
    guard
      case .success(let query) = ChildProcess.start(
        smi, ["--query-gpu=name,driver_version,memory.total", "--format=csv,noheader,nounits"],
        environment: env),
      case .success(let banner) = ChildProcess.start(smi, [], environment: env)
    else {
      warnings.append(
        CaptureWarning(code: .nvidiaSMIFailed, message: "`nvidia-smi` could not be started", path: smi))
      return ([], "nvidia-smi failed to start")
    }
    let q = query.wait(timeout: 20)
    let b = banner.wait(timeout: 20)
    guard q.status == 0, !q.timedOut, !q.outputOverflowed, !b.outputOverflowed else {
      let reason = String(decoding: q.stderr + q.stdout, as: UTF8.self).split(separator: "\n").first.map(
        String.init)
      warnings.append(
        CaptureWarning(
          code: .nvidiaSMIFailed,
          message: "`nvidia-smi` exited with status \(q.status)\(reason.map { ": \($0)" } ?? "")", path: smi))
      return ([], "nvidia-smi failed (status \(q.status))")
    }
    let cuda = parseCUDAVersion(String(decoding: b.stdout, as: UTF8.self))
    let gpus = parseGPUQuery(String(decoding: q.stdout, as: UTF8.self), cudaVersion: cuda)
    return (gpus, "nvidia-smi: \(gpus.count) GPU\(gpus.count == 1 ? "" : "s")")
  }

  /// Parses `name, driver, memory MiB` lines of `nvidia-smi --query-gpu`.
  static func parseGPUQuery(_ text: String, cudaVersion: String?) -> [GPU] {
    text.split(separator: "\n").compactMap { line in
      let parts = line.split(separator: ",").map { $0.trimming(" \t\r") }
      guard let name = parts.first, !name.isEmpty else { return nil }
      let memory = parts.count > 2 ? Int64(parts[2]).map { $0 * 1_048_576 } : nil
      return GPU(
        name: name, driverVersion: parts.count > 1 ? parts[1] : nil, cudaVersion: cudaVersion,
        memoryBytes: memory)
    }
  }

  /// Finds `CUDA Version: X.Y` in the banner of plain `nvidia-smi`.
  static func parseCUDAVersion(_ text: String) -> String? {
    guard let range = text.range(of: "CUDA Version:") else { return nil }
    let rest = text[range.upperBound...].drop { $0 == " " }
    let version = rest.prefix { $0.isNumber || $0 == "." }
    return version.isEmpty ? nil : String(version)
  }

  private static func cString<T>(_ tuple: inout T) -> String {
    withUnsafePointer(to: &tuple) {
      String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
    }
  }
}

extension StringProtocol {
  /// Trims the given characters from both ends, in time linear in the length. (Stepping with
  /// `dropLast()` is quadratic: on a `Substring` it counts the characters each time, and an
  /// INSTALLER with 70,000 trailing spaces took 24 seconds.)
  func trimming(_ set: String) -> String {
    var start = startIndex
    var end = endIndex
    while start < end, set.contains(self[start]) { start = index(after: start) }
    while start < end {
      let previous = index(before: end)
      guard set.contains(self[previous]) else { break }
      end = previous
    }
    return String(self[start..<end])
  }
}
