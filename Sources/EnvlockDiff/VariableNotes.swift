// Documented notes for environment variables known to change a Python program's behaviour.
// Docs/diff.md lists the same table.

/// A known behaviour-changing variable: its severity when it differs and what it does.
struct VariableNote: Sendable {
  /// The severity of a difference.
  let severity: Severity
  /// What the variable changes.
  let note: String
}

/// The table of known variables (exact names and prefixes).
enum VariableNotes {
  /// Notes by exact variable name.
  static let exact: [String: VariableNote] = [
    "PYTHONHASHSEED": VariableNote(
      severity: .high,
      note: "changes str/bytes hashing: set and dict iteration order and anything seeded by it"),
    "PYTHONPATH": VariableNote(
      severity: .high, note: "prepends import directories: a different copy of a module can be imported"),
    "PYTHONDONTWRITEBYTECODE": VariableNote(
      severity: .low, note: "stops writing .pyc files (start-up time only)"),
    "PYTHONNOUSERSITE": VariableNote(severity: .medium, note: "hides or exposes the user site-packages"),
    "PYTHONUTF8": VariableNote(severity: .medium, note: "switches the default text encoding to UTF-8"),
    "PYTHONIOENCODING": VariableNote(severity: .medium, note: "changes the encoding of stdin/stdout/stderr"),
    "OMP_NUM_THREADS": VariableNote(
      severity: .medium,
      note: "OpenMP thread count: speed, and float reduction order (results in the last bits)"),
    "MKL_NUM_THREADS": VariableNote(
      severity: .medium, note: "MKL thread count: speed, and float reduction order (results in the last bits)"
    ),
    "OPENBLAS_NUM_THREADS": VariableNote(
      severity: .medium,
      note: "OpenBLAS thread count: speed, and float reduction order (results in the last bits)"),
    "NUMEXPR_NUM_THREADS": VariableNote(severity: .medium, note: "numexpr thread count"),
    "VECLIB_MAXIMUM_THREADS": VariableNote(severity: .medium, note: "Accelerate thread count"),
    "OPENBLAS_CORETYPE": VariableNote(
      severity: .medium, note: "forces an OpenBLAS kernel family instead of detecting the CPU"),
    "MKL_CBWR": VariableNote(severity: .medium, note: "MKL conditional numerical reproducibility mode"),
    "CUDA_VISIBLE_DEVICES": VariableNote(
      severity: .high, note: "which GPUs the program sees; empty means CPU only"),
    "LANG": VariableNote(
      severity: .medium, note: "locale: default encoding, sorting (locale.strxfrm), number and date formats"),
    "LC_ALL": VariableNote(
      severity: .medium, note: "overrides every locale category: encoding, sorting, number and date formats"),
    "LC_CTYPE": VariableNote(severity: .medium, note: "locale character type: the default text encoding"),
    "TZ": VariableNote(severity: .medium, note: "time zone of naive datetimes and time.localtime()"),
    "LD_LIBRARY_PATH": VariableNote(
      severity: .high, note: "changes which shared libraries (BLAS, CUDA, libstdc++) extensions load"),
    "LD_PRELOAD": VariableNote(severity: .high, note: "injects a shared library into every process"),
    "PIP_INDEX_URL": VariableNote(
      severity: .medium, note: "installs resolve from another index: same names can be different packages"),
    "PIP_EXTRA_INDEX_URL": VariableNote(
      severity: .medium, note: "an extra index can shadow packages (dependency confusion)"),
    "UV_INDEX_URL": VariableNote(severity: .medium, note: "installs resolve from another index"),
    "UV_EXTRA_INDEX_URL": VariableNote(severity: .medium, note: "an extra index can shadow packages"),
    "VIRTUAL_ENV": VariableNote(severity: .low, note: "which virtual environment is active"),
    "CONDA_PREFIX": VariableNote(severity: .low, note: "which conda environment is active"),
    "PATH": VariableNote(severity: .low, note: "which executables (python, pip, compilers) are found first"),
    "CUBLAS_WORKSPACE_CONFIG": VariableNote(
      severity: .medium, note: "needed for deterministic cuBLAS results"),
  ]

  /// The note for a variable, if it is known.
  static func note(for name: String) -> VariableNote? {
    if let n = exact[name] { return n }
    if name.hasPrefix("LC_") {
      return VariableNote(severity: .low, note: "a locale category: formats and collation")
    }
    if name.hasPrefix("PYTHON") {
      return VariableNote(severity: .medium, note: "a Python start-up option")
    }
    return nil
  }
}
