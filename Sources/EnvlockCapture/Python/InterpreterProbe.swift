// The one interpreter probe: `python -I -S -c SCRIPT` prints a JSON object with what only the
// interpreter knows. `-I` ignores PYTHON* variables and the user site; `-S` skips `site.main()`,
// so no `.pth` file runs and no site-packages code is imported. The script therefore computes the
// site directories itself, the way `site.main()` would for a normal start of this interpreter:
// the venv's site-packages first (from `pyvenv.cfg`, as `site.venv()` does), then the user site
// (unless disabled by the venv, `PYTHONNOUSERSITE` or a set-uid start), then
// `site.getsitepackages()` of the remaining prefixes (which honours distribution patches such as
// Debian's `dist-packages`). Only directories that exist are listed, as `site.addsitedir` does.

import EnvlockFileIO
import EnvlockModel
import Foundation

/// What the probe script prints.
struct ProbeReport: Decodable, Sendable {
  var implementation: String
  var version: String
  var executable: String
  var prefix: String
  var basePrefix: String
  var execPrefix: String
  var isVirtualEnvironment: Bool
  var siteDirectories: [String]
  var userSite: String?
  var userSiteEnabled: Bool
  var platform: String
  var soabi: String?
  var extSuffix: String?
  var multiarch: String?
  var libcFamily: String?
  var libcVersion: String?
  var compiler: String?
  var buildDate: String?
  var libDir: String?
  var instSoname: String?
  var ldLibrary: String?
  var sharedLibpython: Bool
  var markers: [String: String]
}

enum InterpreterProbe {
  /// The probe script. Standard library only; it never imports site-packages code.
  static let script = #"""
    import sys, os, sysconfig, site
    def g(n):
        v = sysconfig.get_config_var(n)
        return None if v is None else str(v)
    def fv(i):
        s = '%d.%d.%d' % (i.major, i.minor, i.micro)
        return s if i.releaselevel == 'final' else s + i.releaselevel[0] + str(i.serial)
    def q(v):
        if v is None: return 'null'
        if v is True: return 'true'
        if v is False: return 'false'
        if isinstance(v, dict): return '{' + ','.join(q(k) + ':' + q(x) for k, x in v.items()) + '}'
        if isinstance(v, list): return '[' + ','.join(q(x) for x in v) + ']'
        out = []
        for c in str(v):
            o = ord(c)
            if 32 <= o < 127 and c != '"' and c != '\\': out.append(c)
            elif o > 0xFFFF: o -= 0x10000; out.append('\\u%04x\\u%04x' % (0xD800 + (o >> 10), 0xDC00 + (o & 0x3FF)))
            else: out.append('\\u%04x' % o)
        return '"' + ''.join(out) + '"'
    exe = sys.executable
    exe_dir = os.path.dirname(os.path.abspath(exe))
    site_prefix = os.path.dirname(exe_dir)
    prefix, exec_prefix = sys.prefix, sys.exec_prefix
    prefixes = [sys.prefix, sys.exec_prefix]
    user = not os.environ.get('PYTHONNOUSERSITE')
    if hasattr(os, 'getuid') and (os.geteuid() != os.getuid() or os.getegid() != os.getgid()):
        user = False
    dirs = []
    def add(d):
        d = os.path.abspath(d)
        if os.path.isdir(d) and d not in dirs:
            dirs.append(d)
    confs = [c for c in (os.path.join(exe_dir, 'pyvenv.cfg'), os.path.join(site_prefix, 'pyvenv.cfg')) if os.path.isfile(c)]
    venv = bool(confs)
    if venv:
        system_site = 'true'
        with open(confs[0], encoding='utf-8') as f:
            for line in f.read(1 << 20).splitlines():
                if '=' in line:
                    k, _, v = line.partition('=')
                    if k.strip().lower() == 'include-system-site-packages':
                        system_site = v.strip().lower()
        # As site.venv() does; Debian's getsitepackages() looks at sys.prefix to spot a venv.
        prefix = exec_prefix = sys.prefix = sys.exec_prefix = site_prefix
        for d in site.getsitepackages([site_prefix]):
            add(d)
        if system_site == 'true':
            prefixes.insert(0, site_prefix)
        else:
            prefixes = [site_prefix]
            user = False
    user_site = None
    try:
        user_site = site.getusersitepackages()
    except Exception:
        pass
    if user and user_site:
        add(user_site)
    for d in site.getsitepackages(prefixes):
        add(d)
    # What `platform` would say, without importing it (it pulls in `re`, a third of the probe's time).
    try:
        lib = os.confstr('CS_GNU_LIBC_VERSION').split(None, 1)
    except (AttributeError, ValueError, OSError):
        lib = []
    ver = sys.version.split(None, 1)[0]
    head, _, rest = sys.version.partition('(')
    build, _, comp = rest.partition(')')
    parts = [x.lstrip() for x in build.split(',')]
    bdate = ' '.join(parts[1:3]) if len(parts) >= 3 else (parts[1] if len(parts) == 2 else '')
    comp = comp.strip()
    comp = comp[1:-1] if comp.startswith('[') and comp.endswith(']') else comp[1:] if comp.startswith('[') else comp
    impl = {'cpython': 'CPython', 'pypy': 'PyPy', 'ironpython': 'IronPython', 'jython': 'Jython'}.get(
        sys.implementation.name, sys.implementation.name)
    u = os.uname()
    print(q({
      'implementation': sys.implementation.name, 'version': ver,
      'executable': exe, 'prefix': prefix, 'basePrefix': sys.base_prefix, 'execPrefix': exec_prefix,
      'isVirtualEnvironment': venv or sys.prefix != sys.base_prefix,
      'siteDirectories': dirs, 'userSite': user_site, 'userSiteEnabled': bool(user),
      'platform': sysconfig.get_platform(), 'soabi': g('SOABI'), 'extSuffix': g('EXT_SUFFIX'),
      'multiarch': g('MULTIARCH'), 'libcFamily': lib[0] if len(lib) == 2 else None,
      'libcVersion': lib[1] if len(lib) == 2 else None,
      'compiler': comp or None, 'buildDate': bdate or None,
      'libDir': g('LIBDIR'), 'instSoname': g('INSTSONAME'), 'ldLibrary': g('LDLIBRARY'),
      'sharedLibpython': bool(sysconfig.get_config_var('Py_ENABLE_SHARED')),
      'markers': {
        'implementation_name': sys.implementation.name, 'implementation_version': fv(sys.implementation.version),
        'os_name': os.name, 'platform_machine': u.machine,
        'platform_release': u.release, 'platform_system': u.sysname,
        'platform_version': u.version, 'python_full_version': ver,
        'platform_python_implementation': impl,
        'python_version': '%d.%d' % sys.version_info[:2], 'sys_platform': sys.platform}}))
    """#

  /// Starts the probe; the caller collects it later with `finish`.
  static func start(
    interpreter: String, environment: [String: String]
  ) -> Result<ChildProcess, ChildProcess.StartError> {
    // A small, predictable environment: locale for path decoding, PATH for nothing in particular,
    // and the user-site switches the probe reads itself.
    var env: [String: String] = ["PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"]
    for key in ["PATH", "HOME", "PYTHONNOUSERSITE", "PYTHONUSERBASE", "LD_LIBRARY_PATH"] {
      if let value = environment[key] { env[key] = value }
    }
    return ChildProcess.start(interpreter, ["-I", "-S", "-c", script], environment: env)
  }

  /// Waits for the probe and decodes its report.
  static func finish(_ child: ChildProcess, interpreter: String, timeout: Double = 30) throws(CaptureError)
    -> ProbeReport
  {
    let outcome = child.wait(timeout: timeout)
    let stderrText = String(decoding: outcome.stderr.suffix(2000), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    if outcome.timedOut {
      throw .probeFailed(
        probe: "interpreter", path: interpreter,
        reason: "the probe ran longer than \(Int(timeout)) s and was killed",
        hint: "check that the interpreter starts: `\(interpreter) -I -S -c pass`")
    }
    if outcome.outputOverflowed {
      throw .probeFailed(
        probe: "interpreter", path: interpreter,
        reason:
          "the probe printed more than \(InputFile.describe(bytes: InputKind.processOutput.limit)) and was killed",
        hint: "check that the interpreter starts: `\(interpreter) -I -S -c pass`")
    }
    guard outcome.status == 0 else {
      let tail = stderrText.isEmpty ? "" : ": \(stderrText.split(separator: "\n").last ?? "")"
      throw .probeFailed(
        probe: "interpreter", path: interpreter,
        reason: "the probe exited with status \(outcome.status)\(tail)",
        hint: "check that the interpreter starts: `\(interpreter) -I -S -c pass`")
    }
    do {
      return try JSONDecoder().decode(ProbeReport.self, from: Data(outcome.stdout))
    } catch {
      throw .probeFailed(
        probe: "interpreter", path: interpreter,
        reason: "the probe printed something that is not its JSON report",
        hint: "is this a CPython or PyPy 3 interpreter? envlock needs Python 3.8 or newer")
    }
  }

  /// Builds the snapshot's interpreter record from the probe report and the files it names.
  static func interpreter(
    from report: ProbeReport, selection: InterpreterSelection, siteDirectories: [String],
    precomputed: [String: Digest] = [:], warnings: inout [CaptureWarning]
  ) -> Interpreter {
    let real =
      FileSystem.realPath(report.executable) ?? FileSystem.realPath(selection.path) ?? report.executable
    var sha: Digest?
    switch precomputed[real].map({ Result<Digest, FileReadError>.success($0) })
      ?? FileSystem.sha256(ofFile: real)
    {
    case .success(let d): sha = d
    case .failure(let e):
      warnings.append(
        CaptureWarning(
          code: .interpreterUnreadable, message: "Cannot hash the interpreter: \(e)", path: real))
    }
    var libpython: FileFingerprint?
    if report.sharedLibpython, let name = report.instSoname ?? report.ldLibrary {
      let candidates = [report.libDir.map { joinPath($0, name) }] + [libpythonFromELF(real, soname: name)]
      for case let path? in candidates {
        guard let resolved = FileSystem.realPath(path) else { continue }
        if case .success(let d) = precomputed[resolved].map({ Result<Digest, FileReadError>.success($0) })
          ?? FileSystem.sha256(ofFile: resolved)
        {
          libpython = FileFingerprint(path: resolved, sha256: d)
          break
        }
      }
      if libpython == nil {
        warnings.append(
          CaptureWarning(
            code: .libpythonNotFound,
            message: "The interpreter is built with a shared libpython (`\(name)`) but it was not found",
            path: report.libDir))
      }
    }
    let m = report.markers
    let markers = MarkerEnvironment(
      implementationName: m["implementation_name"] ?? report.implementation,
      implementationVersion: m["implementation_version"] ?? report.version,
      osName: m["os_name"] ?? "posix", platformMachine: m["platform_machine"] ?? "",
      platformRelease: m["platform_release"] ?? "", platformSystem: m["platform_system"] ?? "",
      platformVersion: m["platform_version"] ?? "",
      pythonFullVersion: m["python_full_version"] ?? report.version,
      platformPythonImplementation: m["platform_python_implementation"] ?? "",
      pythonVersion: m["python_version"] ?? "", sysPlatform: m["sys_platform"] ?? "")
    var libc: Libc?
    if let family = report.libcFamily, let version = report.libcVersion {
      libc = Libc(family: family, version: version)
    }
    return Interpreter(
      selection: selection, implementation: report.implementation, version: report.version,
      executable: report.executable, realPath: real, sha256: sha, libpython: libpython, prefix: report.prefix,
      basePrefix: report.basePrefix, execPrefix: report.execPrefix,
      isVirtualEnvironment: report.isVirtualEnvironment, siteDirectories: siteDirectories,
      platform: report.platform, soabi: report.soabi, extSuffix: report.extSuffix,
      multiarch: report.multiarch,
      libc: libc, compiler: report.compiler, buildDate: report.buildDate, markers: markers)
  }

  /// Hashes the interpreter binary and the libpython it links, before the probe names them
  /// (keyed by real path); run on a background thread while the probe starts. `clock` (realtime
  /// nanoseconds) decides which files are too fresh to cache.
  static func hashInterpreterFiles(
    _ interpreter: String, cacheDirectory: String? = nil,
    clock: () -> Int64 = DataHasher.realtimeNanoseconds
  ) -> [String: Digest] {
    var result: [String: Digest] = [:]
    guard let real = FileSystem.realPath(interpreter), ELFFile.hasMagic(path: real) else { return result }
    var cache = cacheDirectory.map { HashCache.load(directory: $0) }
    let hashStart = clock()
    let buffer = HashBuffer(size: 1 << 20)
    func digest(_ path: String) -> Digest? {
      var st = stat()
      if let cached = cache, stat(path, &st) == 0, let hit = cached.lookup(path, FileStat(st)) { return hit }
      guard case .digest(let d, let seen) = FileDigest.hash(path, buffer: buffer, onBytes: { _ in }) else {
        return nil
      }
      cache?.store(path, d, seen, hashStart: hashStart)
      return d
    }
    result[real] = digest(real)
    if let elf = try? ELFFile(path: real),
      let name = elf.needed.first(where: { $0.hasPrefix("libpython") }),
      let path = libpythonFromELF(real, soname: name), let resolved = FileSystem.realPath(path)
    {
      result[resolved] = digest(resolved)
    }
    // The cache is an optimization: a folder that cannot be written only costs the next capture time.
    if let cacheDirectory, let cache { _ = cache.save(directory: cacheDirectory) }
    return result
  }

  /// Where the dynamic loader would find libpython for the interpreter binary (RUNPATH, then the cache).
  private static func libpythonFromELF(_ executable: String, soname: String) -> String? {
    guard let elf = try? ELFFile(path: executable) else { return nil }
    let origin = parentDirectory(executable)
    for dir in elf.runPaths {
      let candidate = joinPath(dir.replacingOccurrences(of: "$ORIGIN", with: origin), soname)
      if FileSystem.exists(candidate) { return candidate }
    }
    return LibraryResolver.shared.resolve(soname, machine: elf.machine, elfClass: elf.elfClass)
  }
}
