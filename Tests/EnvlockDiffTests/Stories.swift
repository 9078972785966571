// The reference stories: dev laptop vs prod pairs for the typical "works on my machine" causes.
// Their snapshots, config contents and golden reports live under Snapshots/diff/<story>/.

@testable import EnvlockDiff
import EnvlockModel

/// One reference story: two snapshots and their config contents.
struct Story: Sendable, CustomStringConvertible {
  let name: String
  let a: Snapshot
  let b: Snapshot
  var configA: [String: String] = [:]
  var configB: [String: String] = [:]

  var description: String { name }

  static let all: [Story] = [
    interpreterBump(), transitiveUpgrade(), brokenRequirement(), dataFiles(), configKey(), redactedSecret(),
    platformRebuild(), notebookKernel(), identical(),
  ]

  /// Prod runs Python 3.12: every cp311 wheel is a cp312 build.
  static func interpreterBump() -> Story {
    let a = Build.laptop()
    var b = Build.snapshot(
      root: "/srv/app", hostName: "prod-7", time: "2026-11-28T23:02:11Z", python: "3.12.2",
      site: "/srv/app/.venv/lib/python3.12/site-packages")
    // pandas' numpy marker is for 3.11 only; on 3.12 it has its own.
    let site = Build.site(b)
    Build.set(
      &b,
      Build.package(
        "pandas", "2.1.4",
        requires: [
          "numpy<2,>=1.26.0; python_version >= \"3.12\"", "python-dateutil>=2.8.2", "pytz>=2020.1",
          "tzdata>=2022.1",
        ],
        tags: Build.binary("cp312"), requested: true, site: site))
    return Story(name: "interpreter-bump", a: a, b: b)
  }

  /// scikit-learn 1.3.2 → 1.5.0 (requested) pulls joblib and threadpoolctl up.
  static func transitiveUpgrade() -> Story {
    let a = Build.laptop()
    var b = Build.prod()
    let site = Build.site(b)
    Build.set(
      &b,
      Build.package(
        "scikit-learn", "1.5.0",
        requires: ["numpy>=1.19.5", "scipy>=1.6.0", "joblib>=1.2.0", "threadpoolctl>=3.1.0"],
        tags: Build.binary("cp311"), requested: true, site: site))
    Build.set(&b, Build.package("joblib", "1.4.2", site: site))
    Build.set(&b, Build.package("threadpoolctl", "3.5.0", site: site))
    return Story(name: "transitive-upgrade", a: a, b: b)
  }

  /// numpy 2.1.0 in prod, but scikit-learn 1.3.2 and scipy 1.11.4 require numpy<2.
  static func brokenRequirement() -> Story {
    let a = Build.laptop()
    var b = Build.prod()
    let site = Build.site(b)
    Build.set(&b, Build.package("numpy", "2.1.0", tags: Build.binary("cp311"), requested: true, site: site))
    return Story(name: "broken-requirement", a: a, b: b)
  }

  /// labels.csv re-generated; train.parquet moved to data/v2/; a new file; mtimes differ.
  static func dataFiles() -> Story {
    let a = Build.laptop()
    var b = Build.prod()
    let t = b.capture.time
    b.dataFiles = [
      DataFile(path: "data/labels.csv", size: 2_311, mode: 0o644, mtime: t, sha256: Build.digestC),
      DataFile(path: "data/v2/train.parquet", size: 1_048_576, mode: 0o644, mtime: t, sha256: Build.digestA),
      DataFile(path: "data/README", size: 120, mode: 0o644, mtime: t, sha256: Build.digest("readme")),
    ]
    b.normalize()
    return Story(name: "data-files", a: a, b: b)
  }

  /// settings.toml changed a key, .env gained one, gunicorn.conf.py (text) changed a line.
  static func configKey() -> Story {
    var a = Build.laptop()
    var b = Build.prod()
    let settingsA = "[model]\nthreshold = 0.5\nname = \"churn\"\n\n[db]\npool_size = 5\n"
    let settingsB = "[model]\nthreshold = 0.35\nname = \"churn\"\n\n[db]\npool_size = 5\n"
    let envA = "FEATURE_FLAGS=fast\nBATCH=64\n"
    let envB = "FEATURE_FLAGS=fast,beta\nBATCH=64\nCACHE=redis\n"
    let textA = "bind = \"0.0.0.0:8000\"\nworkers = 2\ntimeout = 30\naccesslog = \"-\"\n"
    let textB = "bind = \"0.0.0.0:8000\"\nworkers = 8\ntimeout = 30\naccesslog = \"-\"\n"
    func file(_ path: String, _ text: String) -> ConfigFile {
      ConfigFile(path: path, size: Int64(text.utf8.count), mode: 0o644, sha256: Build.digest(text))
    }
    a.configFiles = [
      file("config/settings.toml", settingsA), file(".env", envA), file("gunicorn.conf.py", textA),
    ]
    b.configFiles = [
      file("config/settings.toml", settingsB), file(".env", envB), file("gunicorn.conf.py", textB),
    ]
    a.normalize()
    b.normalize()
    return Story(
      name: "config-key", a: a, b: b,
      configA: ["config/settings.toml": settingsA, ".env": envA, "gunicorn.conf.py": textA],
      configB: ["config/settings.toml": settingsB, ".env": envB, "gunicorn.conf.py": textB])
  }

  /// DATABASE_URL's password changed (same redaction key); API_TOKEN under another key; thread count.
  static func redactedSecret() -> Story {
    var a = Build.laptop()
    var b = Build.prod()
    a.environment += [
      RecordedVariable(
        name: "DATABASE_URL", value: nil,
        redaction: Redaction(
          reason: "URL with a password", fingerprint: Build.digest("pw1").hex, keyId: "5F2A",
          maskedValue: "postgres://app:***@db:5432/churn")),
      RecordedVariable(
        name: "API_TOKEN", value: nil,
        redaction: Redaction(
          reason: "name contains TOKEN", fingerprint: Build.digest("t1").hex, keyId: "5F2A")),
      RecordedVariable(
        name: "SENTRY_DSN", value: nil,
        redaction: Redaction(reason: "name contains DSN", fingerprint: Build.digest("s").hex, keyId: "5F2A")),
      RecordedVariable(name: "OMP_NUM_THREADS", value: "4"),
    ]
    b.environment += [
      RecordedVariable(
        name: "DATABASE_URL", value: nil,
        redaction: Redaction(
          reason: "URL with a password", fingerprint: Build.digest("pw2").hex, keyId: "5F2A",
          maskedValue: "postgres://app:***@db:5432/churn")),
      RecordedVariable(
        name: "API_TOKEN", value: nil,
        redaction: Redaction(
          reason: "name contains TOKEN", fingerprint: Build.digest("t1x").hex, keyId: "91C0")),
      RecordedVariable(
        name: "SENTRY_DSN", value: nil,
        redaction: Redaction(reason: "name contains DSN", fingerprint: Build.digest("s").hex, keyId: "5F2A")),
    ]
    a.normalize()
    b.normalize()
    return Story(name: "redacted-secret", a: a, b: b)
  }

  /// Prod is aarch64: same versions, every compiled package rebuilt for another platform.
  static func platformRebuild() -> Story {
    let a = Build.laptop()
    var b = Build.prod()
    b.host!.architecture = "aarch64"
    b.host!.cpu = CPU(model: "Neoverse-N1", vendor: "ARM", logicalCores: 8, flags: ["asimd", "neon"])
    b.interpreter!.platform = "linux-aarch64"
    b.interpreter!.soabi = "cpython-311-aarch64-linux-gnu"
    b.interpreter!.markers.platformMachine = "aarch64"
    b.interpreter!.sha256 = Build.digest("python-arm")
    for i in b.pythonPackages.indices where b.pythonPackages[i].wheelTags != ["py3-none-any"] {
      b.pythonPackages[i].wheelTags = b.pythonPackages[i].wheelTags.map {
        $0.replacing("x86_64", with: "aarch64")
      }
      let name = b.pythonPackages[i].name
      b.pythonPackages[i].record?.contentFingerprint = Build.digest(name + "arm")
    }
    for i in b.systemPackages.indices { b.systemPackages[i].architecture = "arm64" }
    return Story(name: "platform-rebuild", a: a, b: b)
  }

  /// The notebook ran in the project venv's kernel on the laptop; in prod it names `python3`, whose
  /// environment was not captured, a second notebook is new and the first was re-run.
  static func notebookKernel() -> Story {
    var a = Build.laptop()
    var b = Build.prod()
    func entry(_ s: Snapshot, _ path: String, kernel: String, digest: Digest, captured: Bool) -> NotebookEntry
    {
      let prefix = s.interpreter!.prefix
      return NotebookEntry(
        path: path, sha256: digest, nbformat: 4, nbformatMinor: 5,
        kernelspec: NotebookKernelspec(name: kernel, displayName: "Python (\(kernel))", language: "python"),
        languageInfo: NotebookLanguageInfo(name: "python", version: s.interpreter!.version),
        kernel: JupyterKernel(
          name: kernel, resourceDirectory: "~/.local/share/jupyter/kernels/\(kernel)",
          displayName: "Python (\(kernel))", language: "python",
          argv: [
            captured ? prefix + "/bin/python" : "/usr/bin/python3", "-m", "ipykernel_launcher", "-f",
            "{connection_file}",
          ],
          interpreter: captured ? prefix + "/bin/python" : "/usr/bin/python3",
          pythonVersion: s.interpreter!.version),
        environment: captured ? prefix : nil)
    }
    a.notebooks = [
      entry(a, "notebooks/train.ipynb", kernel: "project-venv", digest: Build.digest("nb1"), captured: true),
      entry(a, "notebooks/eda.ipynb", kernel: "project-venv", digest: Build.digest("nb2"), captured: true),
    ]
    b.notebooks = [
      entry(
        b, "notebooks/train.ipynb", kernel: "python3", digest: Build.digest("nb1-rerun"), captured: false),
      entry(b, "notebooks/eda.ipynb", kernel: "project-venv", digest: Build.digest("nb2"), captured: true),
      entry(b, "notebooks/report.ipynb", kernel: "project-venv", digest: Build.digest("nb3"), captured: true),
    ]
    a.normalize()
    b.normalize()
    return Story(name: "notebook-kernel", a: a, b: b)
  }

  /// The same environment captured on two machines: only noise differs.
  static func identical() -> Story {
    Story(name: "identical", a: Build.laptop(), b: Build.prod())
  }
}
