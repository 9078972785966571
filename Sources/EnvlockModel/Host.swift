/// The machine and operating system a snapshot was captured on.
public struct Host: Codable, Hashable, Sendable {
  /// Fields of `/etc/os-release`.
  public var os: OperatingSystem
  /// `uname -r`.
  public var kernelRelease: String
  /// `uname -m`, for example `x86_64` or `aarch64`.
  public var architecture: String
  /// The C library of the host.
  public var libc: Libc?
  /// The CPU model and the feature flags that change numeric results.
  public var cpu: CPU
  /// Total physical memory in bytes.
  public var memoryBytes: Int64
  /// GPUs found by `nvidia-smi`; empty when there are none or the tool is absent.
  public var gpus: [GPU]
  /// How GPUs were looked for, for example `nvidia-smi absent`.
  public var gpuProbe: String

  /// Creates a host section.
  public init(
    os: OperatingSystem, kernelRelease: String, architecture: String, libc: Libc?, cpu: CPU,
    memoryBytes: Int64, gpus: [GPU], gpuProbe: String
  ) {
    self.os = os
    self.kernelRelease = kernelRelease
    self.architecture = architecture
    self.libc = libc
    self.cpu = cpu
    self.memoryBytes = memoryBytes
    self.gpus = gpus
    self.gpuProbe = gpuProbe
  }
}

/// The operating system as `/etc/os-release` names it.
public struct OperatingSystem: Codable, Hashable, Sendable {
  /// `ID`, for example `debian`.
  public var id: String
  /// `ID_LIKE`, split on spaces.
  public var idLike: [String]
  /// `VERSION_ID`, for example `12`.
  public var versionId: String?
  /// `VERSION_CODENAME`, for example `bookworm`.
  public var versionCodename: String?
  /// `PRETTY_NAME`.
  public var prettyName: String?

  /// Creates an operating-system record.
  public init(
    id: String, idLike: [String] = [], versionId: String? = nil, versionCodename: String? = nil,
    prettyName: String? = nil
  ) {
    self.id = id
    self.idLike = idLike
    self.versionId = versionId
    self.versionCodename = versionCodename
    self.prettyName = prettyName
  }
}

/// A C library family and version, for example glibc 2.36.
public struct Libc: Codable, Hashable, Sendable {
  /// `glibc` or `musl`.
  public var family: String
  /// The version, for example `2.36`.
  public var version: String

  /// Creates a libc record.
  public init(family: String, version: String) {
    self.family = family
    self.version = version
  }
}

/// The CPU as the kernel reports it.
public struct CPU: Codable, Hashable, Sendable {
  /// `model name` from /proc/cpuinfo.
  public var model: String
  /// `vendor_id` from /proc/cpuinfo.
  public var vendor: String?
  /// Online logical CPUs.
  public var logicalCores: Int
  /// Feature flags that change which numeric kernels run (sorted; see Docs/format.md for the list).
  public var flags: [String]

  /// Creates a CPU record.
  public init(model: String, vendor: String?, logicalCores: Int, flags: [String]) {
    self.model = model
    self.vendor = vendor
    self.logicalCores = logicalCores
    self.flags = flags
  }
}

/// One GPU as `nvidia-smi` reports it.
public struct GPU: Codable, Hashable, Sendable {
  /// The product name.
  public var name: String
  /// The driver version.
  public var driverVersion: String?
  /// The highest CUDA version the driver supports.
  public var cudaVersion: String?
  /// Device memory in bytes.
  public var memoryBytes: Int64?

  /// Creates a GPU record.
  public init(name: String, driverVersion: String?, cudaVersion: String?, memoryBytes: Int64?) {
    self.name = name
    self.driverVersion = driverVersion
    self.cudaVersion = cudaVersion
    self.memoryBytes = memoryBytes
  }
}
