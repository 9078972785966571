// CUDA driver vs the CUDA a wheel was built for: a local version label such as `+cu121`
// names the toolkit; a driver that supports an older CUDA cannot run it.

import EnvlockModel

/// Flags wheels built for a newer CUDA than the environment's driver supports.
enum CUDARule {
  /// The CUDA version (`12.1`) a local label like `+cu121` names; nil otherwise.
  static func wheelCUDA(_ version: String) -> [Int]? {
    guard let plus = version.firstIndex(of: "+") else { return nil }
    let local = version[version.index(after: plus)...]
    guard local.hasPrefix("cu"), let digits = Int(local.dropFirst(2)), digits >= 10 else { return nil }
    return [digits / 10, digits % 10]
  }

  /// `12.2` as numbers.
  static func numbers(_ text: String) -> [Int] { text.split(separator: ".").compactMap { Int($0) } }

  /// The mismatches of one environment, by package name.
  static func mismatches(_ s: Snapshot) -> [String: (wheel: String, driver: String)] {
    guard let driver = s.host?.gpus.first?.cudaVersion else { return [:] }
    let d = Array(numbers(driver).prefix(2))
    var out: [String: (String, String)] = [:]
    for p in s.pythonPackages {
      guard let w = wheelCUDA(p.version), d.lexicographicallyPrecedes(w) else { continue }
      out[p.name] = (p.version, driver)
    }
    return out
  }

  /// High-severity findings for B's mismatches that A does not have.
  static func findings(_ a: Snapshot, _ b: Snapshot) -> [Finding] {
    let ma = mismatches(a)
    return mismatches(b).compactMap { name, m in
      guard ma[name] == nil else { return nil }
      return Finding(
        id: "host:cuda-wheel:\(name)", category: .host, kind: .broken, subject: "\(name) \(m.wheel)",
        cause:
          "built for CUDA \(wheelCUDA(m.wheel)!.map(String.init).joined(separator: ".")) but B's driver supports CUDA \(m.driver)",
        impact: Impact(severity: .high, note: "CUDA kernels fail to load or the library falls back to CPU"))
    }
  }
}
