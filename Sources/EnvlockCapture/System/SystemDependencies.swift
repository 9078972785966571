// Which system packages a Python distribution needs: the DT_NEEDED entries of its ELF files,
// minus the libraries it vendors (auditwheel's `*.libs/` folders, anything it ships itself or
// finds through an `$ORIGIN` RUNPATH), resolved like the loader does and mapped to the dpkg
// package that owns the file.

import EnvlockFileIO
import EnvlockModel
import Glibc

enum SystemDependencies {
  /// The system packages and warnings for one distribution's shared objects.
  static func dependencies(
    of distribution: InstalledDistribution, owners: DpkgFileOwners?, resolver: LibraryResolver
  ) -> (packages: [String], warnings: [CaptureWarning]) {
    guard !distribution.sharedObjects.isEmpty else { return ([], []) }
    let shipped = Set(distribution.sharedObjects.map(lastComponent))
    var packages: Set<String> = []
    var warnings: [CaptureWarning] = []
    var reported: Set<String> = []
    for file in distribution.sharedObjects {
      let elf: ELFFile
      do {
        elf = try ELFFile(path: file)
      } catch {
        if case .unreadable(_, let code) = error, code == ENOENT { continue }  // RECORD lists a removed file
        if case .notELF = error { continue }  // a linker script or data file named .so
        warnings.append(CaptureWarning(code: .elfUnreadable, message: "\(error)", path: file))
        continue
      }
      let origin = parentDirectory(file)
      for needed in elf.needed {
        if shipped.contains(needed) { continue }
        if elf.runPaths.contains(where: { rp in
          rp.contains("$ORIGIN") || rp.contains("${ORIGIN}")
            ? FileSystem.exists(
              joinPath(
                rp.replacingOccurrences(of: "${ORIGIN}", with: origin).replacingOccurrences(
                  of: "$ORIGIN", with: origin),
                needed))
            : false
        }) {
          continue
        }
        guard let path = resolver.resolve(needed, machine: elf.machine, elfClass: elf.elfClass) else {
          if reported.insert("missing " + needed).inserted {
            warnings.append(
              CaptureWarning(
                code: .libraryNotFound,
                message:
                  "\(distribution.package.displayName) needs `\(needed)`, which the loader cannot find on this host",
                path: file))
          }
          continue
        }
        guard let owners else { continue }
        if let owner = owners.owner(of: path) ?? FileSystem.realPath(path).flatMap(owners.owner(of:)) {
          packages.insert(owner)
        } else if reported.insert("unowned " + needed).inserted {
          warnings.append(
            CaptureWarning(
              code: .libraryNotPackaged,
              message:
                "\(distribution.package.displayName) needs `\(needed)` (\(path)), which no dpkg package owns",
              path: file))
        }
      }
    }
    return (packages.sorted(), warnings)
  }

  /// Fills `systemDependencies` of every distribution, concurrently.
  static func fill(
    _ distributions: inout [InstalledDistribution], owners: DpkgFileOwners?, resolver: LibraryResolver
  ) -> [CaptureWarning] {
    let indices = distributions.indices.filter { !distributions[$0].sharedObjects.isEmpty }
    guard !indices.isEmpty else { return [] }
    let input = distributions
    let results = concurrentMap(indices.count) { k in
      let r = dependencies(of: input[indices[k]], owners: owners, resolver: resolver)
      return (r.packages, r.warnings)
    }
    var warnings: [CaptureWarning] = []
    for (k, i) in indices.enumerated() {
      distributions[i].package.systemDependencies = results[k].0
      warnings += results[k].1
    }
    return warnings
  }
}
