// The codes of capture warnings (`warnings[].code`), one case per code; the strings are the ones
// Docs/format.md lists and snapshots carry.

extension CaptureWarning {
  /// A stable machine-readable warning code. A code this version does not know (from a newer
  /// envlock) is kept as `other`.
  public enum Code: OpenVocabulary {
    // Interpreter and host
    /// `interpreter-unreadable`: The interpreter binary could not be hashed.
    case interpreterUnreadable
    /// `libpython-not-found`: The interpreter is built with a shared libpython that was not found.
    case libpythonNotFound
    /// `os-release-missing`: No `/etc/os-release`; the OS is recorded as `linux`.
    case osReleaseMissing
    /// `cpuinfo-unreadable`: `/proc/cpuinfo` could not be read.
    case cpuInfoUnreadable
    /// `nvidia-smi-failed`: `nvidia-smi` could not be started or failed.
    case nvidiaSMIFailed
    // Python packages
    /// `directory-unreadable`: A site directory could not be listed.
    case directoryUnreadable
    /// `pth-unreadable`: A `.pth` file could not be read.
    case pthUnreadable
    /// `package-shadowed`: A distribution is hidden by another of the same name earlier on `sys.path`.
    case packageShadowed
    /// `metadata-unreadable`: A distribution's METADATA (or PKG-INFO) could not be read.
    case metadataUnreadable
    /// `metadata-not-utf8`: METADATA is not valid UTF-8; invalid bytes were replaced.
    case metadataNotUTF8
    /// `metadata-missing-name`: METADATA has no `Name`.
    case metadataMissingName
    /// `metadata-missing-version`: METADATA has no `Version`.
    case metadataMissingVersion
    /// `metadata-file-unreadable`: Another file of the metadata directory (WHEEL, INSTALLER, ...) could not be read.
    case metadataFileUnreadable
    /// `record-missing`: The distribution has no RECORD, so no content fingerprint.
    case recordMissing
    /// `record-bad-lines`: RECORD has lines that are not `path,hash,size`.
    case recordBadLines
    /// `direct-url-invalid`: `direct_url.json` is malformed; it is left out.
    case directURLInvalid
    /// `direct-url-dangling`: `direct_url.json` points at a local path that does not exist.
    case directURLDangling
    // conda
    /// `conda-meta-unreadable`: The prefix's `conda-meta` directory could not be listed.
    case condaMetaUnreadable
    /// `conda-record-unreadable`: A `conda-meta` record could not be read.
    case condaRecordUnreadable
    /// `conda-record-invalid`: A `conda-meta` record is not JSON with `name` and `version`.
    case condaRecordInvalid
    /// `conda-prefix-foreign-package`: A distribution in a conda prefix that no conda record installed (pip installed it).
    case condaPrefixForeignPackage
    // System packages and libraries
    /// `rpm-failed`: `rpm -qa` could not be started or failed; rpm packages are missing.
    case rpmFailed
    /// `package-database-unreadable`: The dpkg or apk database could not be read; its packages are missing.
    case packageDatabaseUnreadable
    /// `elf-unreadable`: A compiled file of a distribution could not be read as ELF.
    case elfUnreadable
    /// `library-not-found`: A shared library a distribution needs is not found by the loader.
    case libraryNotFound
    /// `library-not-packaged`: A shared library a distribution needs belongs to no dpkg package.
    case libraryNotPackaged
    // Config and data files
    /// `config-unreadable`: A config file could not be read; it is left out.
    case configUnreadable
    /// `data-missing`: A data file could not be hashed and was left out (`--allow-partial`).
    case dataMissing
    /// `data-not-regular`: A data path is neither a regular file nor a link; it is left out.
    case dataNotRegular
    /// `symlink-loop`: A symbolic link loops; it is recorded as a link.
    case symlinkLoop
    /// `symlink-dangling`: A symbolic link points to nothing; it is recorded as a link.
    case symlinkDangling
    /// `data-cache-not-written`: The data hash cache could not be written.
    case dataCacheNotWritten
    /// `data-name-not-utf8`: A data file's name is not valid UTF-8; it is recorded escaped.
    case dataNameNotUTF8
    // Any input
    /// `input-too-large`: A file the capture reads is larger than its size limit, or not a regular file; it is left out.
    case inputTooLarge
    // Notebooks
    /// `notebook-malformed`: A notebook could not be read as nbformat 4; it is left out.
    case notebookMalformed
    /// `notebook-glob-empty`: A notebook pattern matches no file.
    case notebookGlobEmpty
    /// `notebook-no-kernelspec`: A notebook names no kernel.
    case notebookNoKernelspec
    /// `notebook-kernels-differ`: The notebooks name different kernels, so none chooses the environment.
    case notebookKernelsDiffer
    /// `kernelspec-not-found`: A notebook's kernelspec was not found on the capturing machine.
    case kernelspecNotFound
    /// `kernelspec-malformed`: A notebook's kernelspec is unusable.
    case kernelspecMalformed
    /// `kernel-interpreter-missing`: The interpreter a kernel starts was not found.
    case kernelInterpreterMissing
    /// `kernel-interpreter-failed`: The interpreter a kernel starts did not run as Python.
    case kernelInterpreterFailed
    /// `notebook-kernel-not-captured`: A notebook's kernel runs in another environment than the captured one.
    case notebookKernelNotCaptured
    /// `notebook-python-version-changed`: A notebook last ran with another Python version than its kernel runs now.
    case notebookPythonVersionChanged
    /// A code this version of envlock does not know.
    case other(String)

    /// Every code this version writes.
    public static let known: [Code] = [
      .interpreterUnreadable, .libpythonNotFound, .osReleaseMissing, .cpuInfoUnreadable, .nvidiaSMIFailed,
      .directoryUnreadable, .pthUnreadable, .packageShadowed, .metadataUnreadable, .metadataNotUTF8,
      .metadataMissingName, .metadataMissingVersion, .metadataFileUnreadable, .recordMissing, .recordBadLines,
      .directURLInvalid, .directURLDangling, .condaMetaUnreadable, .condaRecordUnreadable,
      .condaRecordInvalid, .condaPrefixForeignPackage, .rpmFailed, .packageDatabaseUnreadable, .elfUnreadable,
      .libraryNotFound,
      .libraryNotPackaged, .configUnreadable, .dataMissing, .dataNotRegular, .symlinkLoop, .symlinkDangling,
      .dataCacheNotWritten, .dataNameNotUTF8, .inputTooLarge, .notebookMalformed, .notebookGlobEmpty,
      .notebookNoKernelspec,
      .notebookKernelsDiffer, .kernelspecNotFound, .kernelspecMalformed, .kernelInterpreterMissing,
      .kernelInterpreterFailed, .notebookKernelNotCaptured, .notebookPythonVersionChanged,
    ]

    /// The code as written to JSON.
    public var rawValue: String {
      switch self {
      case .interpreterUnreadable: "interpreter-unreadable"
      case .libpythonNotFound: "libpython-not-found"
      case .osReleaseMissing: "os-release-missing"
      case .cpuInfoUnreadable: "cpuinfo-unreadable"
      case .nvidiaSMIFailed: "nvidia-smi-failed"
      case .directoryUnreadable: "directory-unreadable"
      case .pthUnreadable: "pth-unreadable"
      case .packageShadowed: "package-shadowed"
      case .metadataUnreadable: "metadata-unreadable"
      case .metadataNotUTF8: "metadata-not-utf8"
      case .metadataMissingName: "metadata-missing-name"
      case .metadataMissingVersion: "metadata-missing-version"
      case .metadataFileUnreadable: "metadata-file-unreadable"
      case .recordMissing: "record-missing"
      case .recordBadLines: "record-bad-lines"
      case .directURLInvalid: "direct-url-invalid"
      case .directURLDangling: "direct-url-dangling"
      case .condaMetaUnreadable: "conda-meta-unreadable"
      case .condaRecordUnreadable: "conda-record-unreadable"
      case .condaRecordInvalid: "conda-record-invalid"
      case .condaPrefixForeignPackage: "conda-prefix-foreign-package"
      case .rpmFailed: "rpm-failed"
      case .packageDatabaseUnreadable: "package-database-unreadable"
      case .elfUnreadable: "elf-unreadable"
      case .libraryNotFound: "library-not-found"
      case .libraryNotPackaged: "library-not-packaged"
      case .configUnreadable: "config-unreadable"
      case .dataMissing: "data-missing"
      case .dataNotRegular: "data-not-regular"
      case .symlinkLoop: "symlink-loop"
      case .symlinkDangling: "symlink-dangling"
      case .dataCacheNotWritten: "data-cache-not-written"
      case .dataNameNotUTF8: "data-name-not-utf8"
      case .inputTooLarge: "input-too-large"
      case .notebookMalformed: "notebook-malformed"
      case .notebookGlobEmpty: "notebook-glob-empty"
      case .notebookNoKernelspec: "notebook-no-kernelspec"
      case .notebookKernelsDiffer: "notebook-kernels-differ"
      case .kernelspecNotFound: "kernelspec-not-found"
      case .kernelspecMalformed: "kernelspec-malformed"
      case .kernelInterpreterMissing: "kernel-interpreter-missing"
      case .kernelInterpreterFailed: "kernel-interpreter-failed"
      case .notebookKernelNotCaptured: "notebook-kernel-not-captured"
      case .notebookPythonVersionChanged: "notebook-python-version-changed"
      case .other(let code): code
      }
    }
  }
}
