import EnvlockFileIO
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension SnapshotArchive {
  /// Writes every member (manifest, signature, SHA256SUMS, config files) under `directory`,
  /// which must not exist or be empty. Members are first written to a sibling temporary
  /// directory that is renamed into place, so a failure leaves nothing behind; member paths were
  /// validated when reading, and each is written through `OutputFolder` (no `..`, no absolute path,
  /// no symbolic link followed), so nothing is written outside `directory`.
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
    let folder: OutputFolder
    do {
      folder = try OutputFolder(temp.path, create: false)
    } catch {
      throw .writeFailed(path: temp.path, underlying: error)
    }
    for (path, bytes) in all.sorted(by: { $0.key < $1.key }) {
      guard TarZstd.isSafe(path) else { throw .unsafeMemberPath(file: target.path, member: path) }
      do {
        try folder.write(bytes, to: path, replace: false)
      } catch {
        throw .writeFailed(path: temp.appendingPathComponent(path).path, underlying: error)
      }
    }
    chmod(temp.path, 0o755)
    guard rename(temp.path, target.path) == 0 else {
      throw .writeFailed(path: target.path, reason: String(cString: strerror(errno)))
    }
    done = true
  }
}
