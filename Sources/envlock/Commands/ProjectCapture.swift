import EnvlockRedaction
import EnvlockCapture
import EnvlockModel
import EnvlockProject
import Foundation

/// One capture of the project as `envlock capture` and `envlock diff X live` both run it:
/// flags first, then the project's envlock.toml, then the redaction key.
enum ProjectCapture {
  static func run(
    python: String?, project: String?, dataPaths: [String] = [], configFiles: [String] = [],
    environmentFilter: EnvironmentFilter = EnvironmentFilter(include: [], exclude: []),
    allowPartial: Bool = false,
    cache: String? = nil, redactionKey: String? = nil, notebooks: [String] = [],
    generateRedactionKey: Bool = true,
    showProgress: Bool = false
  ) throws -> CaptureResult {
    let root = URL(fileURLWithPath: project ?? FileManager.default.currentDirectoryPath).standardizedFileURL
      .path
    let environment = ProcessInfo.processInfo.environment
    let settings = try ProjectFile.load(projectRoot: root) ?? ProjectFile()
    var options = CaptureOptions(
      python: python, projectRoot: root, environment: environment,
      commandLine: ["envlock"] + Array(CommandLine.arguments.dropFirst()), toolVersion: envlockVersion)
    options.dataPaths = dataPaths
    options.configFiles = configFiles
    options.notebooks = notebooks
    options.environmentFilter = environmentFilter
    options.allowPartial = allowPartial
    options.dataHashing.cacheDirectory = cache.map { options.absolutePath($0) }
    options.apply(settings)
    if !options.dataPaths.isEmpty, options.dataHashing.cacheDirectory == nil {
      options.dataHashing.cacheDirectory = try options.defaultCacheDirectory()
    }
    // `diff X live` reads the project's key but never creates one.
    var redaction = settings.redaction
    redaction.generate = redaction.generate && generateRedactionKey
    let keySource = try RedactionKey.resolve(
      explicitFile: redactionKey, settings: redaction, environment: environment, projectRoot: root)
    options.redactionKey = keySource.key
    options.redactionKeyVariable = settings.redaction.keyEnvironmentVariable
    // A capture that finds secrets fails when the key could not be made (a full disk): secrets
    // are never stored without fingerprints unless key generation is turned off.
    options.redactionKeyFailure = keySource.generationFailure
    if let generated = keySource.generatedFile {
      diagnostic("note: created the redaction key `\(generated)` (keep it private; it is git-ignored)")
    }
    let progress = ProgressLine(enabled: showProgress && isatty(2) == 1)
    options.dataHashing.progress = progress.handler
    defer { progress.finish() }
    return try Capturer.capture(options)
  }
}
