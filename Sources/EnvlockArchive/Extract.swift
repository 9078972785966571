import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension SnapshotArchive {
  /// Writes every member (manifest, signature, SHA256SUMS, config files) under `directory`,
  /// which must not exist or be empty. Members are first written to a sibling temporary
  /// directory that is renamed into place, so a failure leaves nothing behind; member paths were
  /// validated when reading, so nothing is written outside `directory`.
  public func extract(to directory: String) throws(ArchiveError) {
    let fm = FileManager.default
    let target = URL(fileURLWithPath: directory).standardizedFileURL
    var isDir: ObjCBool = false
    if fm.fileExists(atPath: target.path, isDirectory: &isDir) {
      let entries = (try? fm.contentsOfDirectory(atPath: target.path)) ?? ["?"]
      if !isDir.boolValue || !entries.isEmpty { throw .destinationExists(path: target.path) }
    }
    let parent = target.deletingLastPathComponent()
    var template = Array("\(parent.path)/.\(target.lastPathComponent).tmp-XXXXXX".utf8CString)
    guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
      throw .writeFailed(path: target.path, reason: String(cString: strerror(errno)))
    }
    let temp = URL(fileURLWithPath: String(cString: template))
    var done = false
    defer {
      if !done { try? fm.removeItem(at: temp) }
    }
    var all = members
    all[SnapshotArchive.manifestMember] = manifestBytes
    if let signature { all[SnapshotArchive.signatureMember] = Array(signature.minisigText.utf8) }
    for (path, bytes) in all {
      guard TarZstd.isSafe(path) else { throw .unsafeMemberPath(file: target.path, member: path) }
      let url = temp.appendingPathComponent(path)
      do {
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      } catch {
        throw .writeFailed(path: url.path, underlying: error)
      }
      let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
      guard fd >= 0 else { throw .writeFailed(path: url.path, reason: String(cString: strerror(errno))) }
      let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      close(fd)
      guard written == bytes.count else { throw .writeFailed(path: url.path, reason: "short write") }
    }
    chmod(temp.path, 0o755)
    guard rename(temp.path, target.path) == 0 else {
      throw .writeFailed(path: target.path, reason: String(cString: strerror(errno)))
    }
    done = true
  }
}
