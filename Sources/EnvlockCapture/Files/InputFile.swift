// Every file a capture reads from the machine (package metadata, package databases, os-release,
// /proc, kernelspecs, notebooks) goes through here: only regular files (a FIFO would block the
// capture), never more than a size limit per kind of file, so no input can exhaust memory or stall
// a capture; every reader's cost is linear in what it reads. A file over its limit is left out
// with an `input-too-large` warning naming it.

import EnvlockFileIO
import EnvlockModel
import Glibc

/// The kinds of files a capture reads, each with its size limit.
enum InputKind: Sendable, CaseIterable {
  /// METADATA or PKG-INFO.
  case metadata
  /// An egg-info `requires.txt`.
  case requiresTxt
  /// A wheel's RECORD.
  case record
  /// WHEEL, INSTALLER or direct_url.json.
  case smallMetadataFile
  /// A `.pth` file of a site directory.
  case pth
  /// A `conda-meta/*.json` record.
  case condaRecord
  /// dpkg's status file or apk's installed database.
  case packageDatabase
  /// A dpkg `info/*.list` file.
  case dpkgFileList
  /// /etc/os-release.
  case osRelease
  /// /proc/cpuinfo or /proc/meminfo.
  case procFile
  /// A kernelspec's kernel.json.
  case kernelspec
  /// A Jupyter notebook.
  case notebook
  /// /etc/ld.so.cache.
  case loaderCache
  /// What a helper process (the interpreter probe, `rpm -qa`, `nvidia-smi`) prints.
  case processOutput

  /// The largest accepted size, in bytes.
  var limit: Int {
    switch self {
    case .metadata, .requiresTxt: return 16 << 20
    case .record, .condaRecord, .packageDatabase, .dpkgFileList, .notebook, .loaderCache, .processOutput:
      return 64 << 20
    case .smallMetadataFile, .kernelspec: return 1 << 20
    case .pth, .procFile: return 4 << 20
    case .osRelease: return 64 << 10
    }
  }

  /// What the file is, for warnings.
  var name: String {
    switch self {
    case .metadata: return "distribution metadata file"
    case .requiresTxt: return "requires.txt file"
    case .record: return "RECORD file"
    case .smallMetadataFile: return "metadata file"
    case .pth: return ".pth file"
    case .condaRecord: return "conda record"
    case .packageDatabase: return "package database"
    case .dpkgFileList: return "dpkg file list"
    case .osRelease: return "os-release file"
    case .procFile: return "/proc file"
    case .kernelspec: return "kernel.json"
    case .notebook: return "notebook"
    case .loaderCache: return "loader cache"
    case .processOutput: return "process output"
    }
  }
}

/// Why an input file was not read.
enum InputProblem: Error, Sendable {
  /// There is nothing at the path (or a link to nothing).
  case missing
  /// The file is larger than its kind's limit; `size` is nil when it only showed while reading.
  case tooLarge(size: Int64?, limit: Int)
  /// The path is a FIFO, socket or device (a directory is `unreadable` with `EISDIR`).
  case notRegular
  /// Opening or reading failed.
  case unreadable(FileReadError)

  /// True when the file is there but was refused: too large, or not a regular file (these
  /// get an `input-too-large` warning; the other problems are the reader's own).
  var isRefused: Bool {
    switch self {
    case .tooLarge, .notRegular: return true
    case .missing, .unreadable: return false
    }
  }

  /// The reason, as a warning's message ends.
  var reason: String {
    switch self {
    case .missing: return String(cString: strerror(ENOENT))
    case .tooLarge(let size, let limit):
      return (size.map { "it is \($0) bytes, " } ?? "it is ")
        + "larger than the \(InputFile.describe(bytes: limit)) limit"
    case .notRegular: return "it is not a regular file"
    case .unreadable(let error): return String(cString: strerror(error.code))
    }
  }
}

/// Reads capture inputs within their limits.
enum InputFile {
  /// Reads a whole regular file of `kind`.
  static func read(_ path: String, _ kind: InputKind) -> Result<[UInt8], InputProblem> {
    var st = stat()
    guard stat(path, &st) == 0 else {
      return .failure(errno == ENOENT ? .missing : .unreadable(FileReadError(path: path, code: errno)))
    }
    switch st.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: return .failure(.unreadable(FileReadError(path: path, code: EISDIR)))
    default: return .failure(.notRegular)
    }
    if st.st_size > kind.limit { return .failure(.tooLarge(size: Int64(st.st_size), limit: kind.limit)) }
    switch FileSystem.read(path, limit: kind.limit) {
    case .success(let bytes): return .success(bytes)
    case .failure(let error) where error.code == EFBIG:
      return .failure(.tooLarge(size: nil, limit: kind.limit))
    case .failure(let error) where error.code == ENOENT: return .failure(.missing)
    case .failure(let error): return .failure(.unreadable(error))
    }
  }

  /// Reads a file that may be absent: nil without a warning when it is missing, nil with a warning
  /// (`unreadableCode`, or `input-too-large` for a file over its limit) when it cannot be used.
  static func readIfPresent(
    _ path: String, _ kind: InputKind, unreadableCode: CaptureWarning.Code, warnings: inout [CaptureWarning]
  ) -> [UInt8]? {
    switch read(path, kind) {
    case .success(let bytes): return bytes
    case .failure(.missing): return nil
    case .failure(let problem):
      warnings.append(warning(problem, path: path, kind: kind, unreadableCode: unreadableCode))
      return nil
    }
  }

  /// The warning for a file that was left out.
  static func warning(
    _ problem: InputProblem, path: String, kind: InputKind, unreadableCode: CaptureWarning.Code
  ) -> CaptureWarning {
    switch problem {
    case .tooLarge, .notRegular:
      return CaptureWarning(
        code: .inputTooLarge, message: "The \(kind.name) was left out: \(problem.reason)", path: path)
    case .missing, .unreadable:
      return CaptureWarning(
        code: unreadableCode, message: "Cannot read the \(kind.name): \(problem.reason)", path: path)
    }
  }

  /// `16 MiB`, `64 KiB`, or a byte count.
  static func describe(bytes: Int) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
    return "\(bytes)-byte"
  }
}
