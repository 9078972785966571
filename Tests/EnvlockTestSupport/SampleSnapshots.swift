import EnvlockModel

/// Hand-built snapshots with every section filled, for round-trip and golden tests.
public enum SampleSnapshots {
  /// A dev-laptop-like snapshot that uses every field of the schema.
  public static func full() -> Snapshot {
    let info = CaptureInfo(
      toolVersion: "0.1.0", time: Timestamp(rfc3339: "2026-11-29T06:48:31Z")!, hostName: "laptop",
      commandLine: ["envlock", "capture", "-o", "dev.envlock"], projectRoot: "/home/ana/churn-model")
    let host = Host(
      os: OperatingSystem(
        id: "debian", idLike: [], versionId: "12", versionCodename: "bookworm",
        prettyName: "Debian GNU/Linux 12 (bookworm)"),
      kernelRelease: "6.1.0-18-amd64", architecture: "x86_64", libc: Libc(family: "glibc", version: "2.36"),
      cpu: CPU(
        model: "Intel(R) Xeon(R) CPU", vendor: "GenuineIntel", logicalCores: 8,
        flags: ["avx", "avx2", "avx512f", "fma", "sha_ni", "sse4_2"]),
      memoryBytes: 34_359_738_368,
      gpus: [
        GPU(
          name: "NVIDIA A10G", driverVersion: "535.104.05", cudaVersion: "12.2", memoryBytes: 24_146_608_128)
      ],
      gpuProbe: "nvidia-smi")
    let markers = MarkerEnvironment(
      implementationName: "cpython", implementationVersion: "3.11.7", osName: "posix",
      platformMachine: "x86_64", platformRelease: "6.1.0-18-amd64", platformSystem: "Linux",
      platformVersion: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)", pythonFullVersion: "3.11.7",
      platformPythonImplementation: "CPython", pythonVersion: "3.11", sysPlatform: "linux")
    let digest = Digest(hex: String(repeating: "ab", count: 32))!
    let interpreter = Interpreter(
      selection: InterpreterSelection(path: "/home/ana/churn-model/.venv", reason: "VIRTUAL_ENV"),
      implementation: "cpython", version: "3.11.7", executable: "/home/ana/churn-model/.venv/bin/python",
      realPath: "/usr/bin/python3.11", sha256: digest,
      libpython: FileFingerprint(path: "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", sha256: digest),
      prefix: "/home/ana/churn-model/.venv", basePrefix: "/usr", execPrefix: "/home/ana/churn-model/.venv",
      isVirtualEnvironment: true,
      siteDirectories: ["/home/ana/churn-model/.venv/lib/python3.11/site-packages"],
      platform: "linux-x86_64", soabi: "cpython-311-x86_64-linux-gnu",
      extSuffix: ".cpython-311-x86_64-linux-gnu.so", multiarch: "x86_64-linux-gnu",
      libc: Libc(family: "glibc", version: "2.36"), compiler: "GCC 12.2.0", buildDate: "Mar 13 2023 12:18:29",
      markers: markers)
    let numpy = PythonPackage(
      name: "numpy", displayName: "numpy", version: "1.26.4",
      summary: "Fundamental package for array computing",
      requiresDist: [], requiresPython: ">=3.9", providesExtra: [],
      wheelTags: ["cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux2014_x86_64"],
      rootIsPurelib: false,
      installer: "pip", requested: true, directUrl: nil, metadataFormat: .distInfo,
      location: "/home/ana/churn-model/.venv/lib/python3.11/site-packages",
      record: RecordSummary(fileCount: 1_208, totalSize: 61_440_000, contentFingerprint: digest),
      systemDependencies: ["libgomp1"],
      license: DeclaredLicense(
        expression: "BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0",
        classifiers: ["License :: OSI Approved :: BSD License"]))
    let churn = PythonPackage(
      name: "churn-model", displayName: "churn_model", version: "0.3.0", summary: "Quote \"and\" tab\there",
      requiresDist: ["numpy<2.0,>=1.19.5", "pandas ; extra == \"io\""], requiresPython: ">=3.10",
      providesExtra: ["io"], wheelTags: ["py3-none-any"], rootIsPurelib: true, installer: "uv",
      requested: true,
      directUrl: DirectURL(url: "file:///home/ana/churn-model", dirInfo: DirectURL.DirInfo(editable: true)),
      location: "/home/ana/churn-model/.venv/lib/python3.11/site-packages",
      license: DeclaredLicense(text: "Proprietary", classifiers: ["License :: Other/Proprietary License"]))
    let vcs = PythonPackage(
      name: "featurelib", displayName: "featurelib", version: "2.0.0",
      directUrl: DirectURL(
        url: "https://example.invalid/featurelib.git",
        vcsInfo: DirectURL.VCSInfo(
          vcs: "git", commitId: "0123456789abcdef0123456789abcdef01234567", requestedRevision: "v2.0.0"),
        subdirectory: "python"),
      location: "/home/ana/churn-model/.venv/lib/python3.11/site-packages")
    let archive = PythonPackage(
      name: "localwheel", displayName: "LocalWheel", version: "1.0",
      directUrl: DirectURL(
        url: "file:///tmp/localwheel-1.0-py3-none-any.whl",
        archiveInfo: DirectURL.ArchiveInfo(hashes: ["sha256=\(digest.hex)"])),
      metadataFormat: .eggInfo, location: "/home/ana/churn-model/.venv/lib/python3.11/site-packages")
    var snapshot = Snapshot(
      capture: info, host: host, interpreter: interpreter, pythonPackages: [numpy, churn, vcs, archive],
      condaPackages: [
        CondaPackage(
          name: "openblas", version: "0.3.21", build: "pthreads_h78a6416_3", buildNumber: 3,
          channel: "conda-forge", subdir: "linux-64", md5: "0123456789abcdef0123456789abcdef",
          sha256: digest.hex)
      ],
      systemPackages: [
        SystemPackage(manager: .dpkg, name: "libgomp1", version: "12.2.0-14", architecture: "amd64")
      ],
      environment: [
        RecordedVariable(name: "OMP_NUM_THREADS", value: "4"),
        RecordedVariable(name: "DATA_DIR", value: "~/data"),
        RecordedVariable(
          name: "DATABASE_URL", value: nil,
          redaction: Redaction(
            reason: "URL with a password", fingerprint: digest.hex, keyId: "5F2A",
            maskedValue: "postgres://app:***@db:5432/x")),
      ],
      dataFiles: [
        DataFile(path: "data/train.parquet", size: 1_048_576, mode: 0o644, mtime: info.time, sha256: digest),
        DataFile(
          path: "data/latest", kind: .symlink, size: 13, mode: 0o777, mtime: nil, sha256: nil,
          linkTarget: "train.parquet"),
        DataFile(path: "data/ünïcode name.csv", size: 3, mode: 0o600, mtime: info.time, sha256: digest),
      ],
      configFiles: [ConfigFile(path: "config/settings.toml", size: 12, mode: 0o644, sha256: digest)],
      notebooks: [
        NotebookEntry(
          path: "notebooks/eda.ipynb", sha256: digest, nbformat: 4, nbformatMinor: 5,
          kernelspec: NotebookKernelspec(
            name: "project-venv", displayName: "Python (project)", language: "python"),
          languageInfo: NotebookLanguageInfo(name: "python", version: "3.11.7"),
          kernel: JupyterKernel(
            name: "project-venv", resourceDirectory: "~/.local/share/jupyter/kernels/project-venv",
            displayName: "Python (project)", language: "python",
            argv: ["/home/ana/app/.venv/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            interruptMode: "signal",
            env: [
              RecordedVariable(name: "MPLBACKEND", value: "agg"),
              RecordedVariable(
                name: "HF_TOKEN", value: nil,
                redaction: Redaction(reason: "name contains `TOKEN`", fingerprint: digest.hex, keyId: "5F2A")),
            ],
            interpreter: "/home/ana/app/.venv/bin/python", pythonVersion: "3.11.7"),
          environment: "/home/ana/app/.venv"),
        NotebookEntry(path: "notebooks/a-draft.ipynb", sha256: digest, nbformat: 4),
      ],
      warnings: [
        CaptureWarning(code: .metadataNotUTF8, message: "METADATA is not UTF-8", path: "/x/METADATA")
      ])
    snapshot.normalize()
    return snapshot
  }

  /// A snapshot with only capture metadata.
  public static func minimal(hostName: String = "ci-runner") -> Snapshot {
    Snapshot(
      capture: CaptureInfo(
        toolVersion: "0.1.0", time: Timestamp(secondsSinceEpoch: 1_764_400_000), hostName: hostName,
        commandLine: ["envlock", "capture"], projectRoot: "/srv/app"))
  }
}
