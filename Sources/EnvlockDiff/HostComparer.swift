// Host: architecture, libc, OS, kernel, CPU flags and cores, memory, GPUs and drivers.

import EnvlockModel

/// Compares the host sections.
enum HostComparer {
  /// The finding id of an architecture change (a root cause of every compiled difference).
  static let architectureID = "host:architecture"
  /// The finding id of a libc change (a root cause of rebuilt binary wheels).
  static let libcID = "host:libc"

  /// CPU flags that select BLAS / numeric kernels.
  static let numericFlags: Set<String> = [
    "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16",
    "amx_tile", "sve", "neon", "asimd",
  ]

  /// Findings for the hosts of A and B.
  static func compare(_ a: Host?, _ b: Host?) -> [Finding] {
    guard let a, let b else {
      if a == nil && b == nil { return [] }
      return [
        Finding(
          id: "host", category: .host, kind: a == nil ? .added : .removed, subject: "host record",
          impact: Impact(severity: .info, note: "one snapshot has no host section"))
      ]
    }
    var out: [Finding] = []
    if a.architecture != b.architecture {
      out.append(
        Finding(
          id: architectureID, category: .host, kind: .changed, subject: "architecture",
          before: a.architecture,
          after: b.architecture,
          impact: Impact(severity: .high, note: "every compiled package is a different binary")))
    }
    if a.libc != b.libc {
      out.append(
        Finding(
          id: libcID, category: .host, kind: .changed, subject: "libc", before: a.libc.map(text),
          after: b.libc.map(text),
          impact: Impact(
            severity: .high,
            note: "binary wheels are chosen by the manylinux/musllinux baseline the libc supports")))
    }
    if a.os != b.os {
      out.append(
        Finding(
          id: "host:os", category: .host, kind: .changed, subject: "operating system", before: text(a.os),
          after: text(b.os), impact: Impact(severity: .medium)))
    }
    if a.kernelRelease != b.kernelRelease {
      out.append(
        Finding(
          id: "host:kernel", category: .host, kind: .changed, subject: "kernel", before: a.kernelRelease,
          after: b.kernelRelease, impact: Impact(severity: .info)))
    }
    let lost = Set(a.cpu.flags).subtracting(b.cpu.flags).sorted()
    let gained = Set(b.cpu.flags).subtracting(a.cpu.flags).sorted()
    if !lost.isEmpty || !gained.isEmpty {
      let numeric = !Set(lost + gained).isDisjoint(with: numericFlags)
      out.append(
        Finding(
          id: "host:cpu-flags", category: .host, kind: .changed, subject: "CPU flags",
          before: lost.isEmpty ? nil : "-" + lost.joined(separator: " -"),
          after: gained.isEmpty ? nil : "+" + gained.joined(separator: " +"),
          impact: Impact(
            severity: numeric ? .medium : .low,
            note: numeric
              ? "OpenBLAS/MKL pick kernels by CPU flags (e.g. AVX-512 vs AVX2): float results can differ in the last bits"
              : nil)))
    }
    if a.cpu.model != b.cpu.model {
      out.append(
        Finding(
          id: "host:cpu-model", category: .host, kind: .changed, subject: "CPU model", before: a.cpu.model,
          after: b.cpu.model, impact: Impact(severity: .info)))
    }
    if a.cpu.logicalCores != b.cpu.logicalCores {
      out.append(
        Finding(
          id: "host:cpu-cores", category: .host, kind: .changed, subject: "logical CPUs",
          before: String(a.cpu.logicalCores), after: String(b.cpu.logicalCores),
          impact: Impact(
            severity: .low,
            note:
              "default thread pools (OpenMP, BLAS, torch) size themselves by core count unless OMP_NUM_THREADS etc. are set"
          )))
    }
    if a.memoryBytes != b.memoryBytes {
      out.append(
        Finding(
          id: "host:memory", category: .host, kind: .changed, subject: "memory",
          before: gib(a.memoryBytes), after: gib(b.memoryBytes), impact: Impact(severity: .info)))
    }
    out += compareGPUs(a.gpus, b.gpus)
    return out
  }

  private static func compareGPUs(_ a: [GPU], _ b: [GPU]) -> [Finding] {
    let ga = a.first
    let gb = b.first
    var out: [Finding] = []
    if a.map(\.name) != b.map(\.name) {
      out.append(
        Finding(
          id: "host:gpu", category: .host, kind: a.isEmpty ? .added : (b.isEmpty ? .removed : .changed),
          subject: "GPU", before: a.isEmpty ? nil : a.map(\.name).joined(separator: ", "),
          after: b.isEmpty ? nil : b.map(\.name).joined(separator: ", "),
          impact: Impact(severity: .medium, note: "GPU code paths and their numerics differ by device")))
    }
    if let ga, let gb {
      if ga.driverVersion != gb.driverVersion || ga.cudaVersion != gb.cudaVersion {
        out.append(
          Finding(
            id: "host:cuda-driver", category: .host, kind: .changed, subject: "CUDA driver",
            before: driverText(ga), after: driverText(gb),
            impact: Impact(
              severity: .medium,
              note: "a wheel built for a newer CUDA than the driver supports fails or falls back to CPU")))
      }
    }
    return out
  }

  static func driverText(_ g: GPU) -> String {
    "\(g.driverVersion ?? "?") (CUDA \(g.cudaVersion ?? "?"))"
  }

  static func text(_ l: Libc) -> String { "\(l.family) \(l.version)" }

  static func text(_ os: OperatingSystem) -> String {
    os.prettyName ?? ([os.id, os.versionId].compactMap { $0 }.joined(separator: " "))
  }

  static func gib(_ bytes: Int64) -> String {
    let tenths = (bytes * 10 + (1 << 29)) >> 30
    return "\(tenths / 10).\(tenths % 10) GiB"
  }
}
