// A small client of the simple repository API: PEP 691 JSON (`application/vnd.pypi.simple.v1+json`),
// falling back to PEP 503 HTML. It finds, for each pinned package, the file whose wheel tags match the
// captured WHEEL tags, and its SHA-256.

import EnvlockFileIO
import EnvlockModel
import EnvlockPackaging
import EnvlockRedaction
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// One file listed on a project page.
public struct IndexFile: Hashable, Sendable {
  /// The file name.
  public var filename: String
  /// The absolute URL.
  public var url: String
  /// The SHA-256 the index gives, when it gives one.
  public var sha256: Digest?

  /// Creates a file record.
  public init(filename: String, url: String, sha256: Digest?) {
    self.filename = filename
    self.url = url
    self.sha256 = sha256
  }
}

/// Looks up the files of pinned versions on a simple index.
public struct IndexHashLookup: Sendable {
  /// The index base URL, for example `https://pypi.org/simple`.
  public var indexURL: String

  /// Creates a client for an index.
  public init(indexURL: String) {
    self.indexURL = indexURL.hasSuffix("/") ? String(indexURL.dropLast()) : indexURL
  }

  /// Finds a file for every index-installed package; packages missing from the result are unverified.
  public func lookup(_ packages: [PythonPackage]) async throws(RebuildError) -> [String: LockedFile] {
    let wanted = packages.filter { $0.directUrl == nil }
    do {
      return try await withThrowingTaskGroup(of: (String, LockedFile?).self) { group in
        var found: [String: LockedFile] = [:]
        var next = 0
        func add(_ package: PythonPackage) {
          group.addTask { (package.name, try await self.file(for: package)) }
        }
        while next < min(8, wanted.count) {
          add(wanted[next])
          next += 1
        }
        while let (name, file) = try await group.next() {
          if let file { found[name] = file }
          if next < wanted.count {
            add(wanted[next])
            next += 1
          }
        }
        return found
      }
    } catch let error as RebuildError {
      throw error
    } catch {
      throw .indexUnreachable(url: indexURL, underlying: error)
    }
  }

  /// The file of one package, hashed: the index's hash, or the downloaded file's when the index gives none.
  public func file(for package: PythonPackage) async throws(RebuildError) -> LockedFile? {
    guard let files = try await projectPage(package.name) else { return nil }
    guard let chosen = Self.choose(files, for: package) else { return nil }
    let (clean, _) = URLMasking.withoutCredentials(chosen.url)
    let isWheel = chosen.filename.hasSuffix(".whl")
    if let sha = chosen.sha256 {
      return LockedFile(filename: chosen.filename, url: clean, sha256: sha, isWheel: isWheel)
    }
    let (data, _) = try await fetch(chosen.url, accept: "*/*")
    guard let data else { return nil }
    return LockedFile(filename: chosen.filename, url: clean, sha256: .sha256(data), isWheel: isWheel)
  }

  /// The files of a project page; nil when the index has no such project (404).
  public func projectPage(_ name: String) async throws(RebuildError) -> [IndexFile]? {
    let pageURL = "\(indexURL)/\(name)/"
    let (data, contentType) = try await fetch(
      pageURL, accept: "application/vnd.pypi.simple.v1+json, text/html;q=0.1")
    guard let data else { return nil }
    if contentType.contains("json") { return try Self.parseJSON(data, pageURL: pageURL) }
    return Self.parseHTML(String(decoding: data, as: UTF8.self), pageURL: pageURL)
  }

  /// GETs a URL; nil data for 404/410.
  func fetch(_ url: String, accept: String) async throws(RebuildError) -> (Data?, String) {
    guard let target = URL(string: url) else { throw .indexPageInvalid(url: url, reason: "not a URL") }
    var request = URLRequest(url: target)
    request.setValue(accept, forHTTPHeaderField: "Accept")
    request.timeoutInterval = 60
    let configuration = URLSessionConfiguration.ephemeral
    let session = URLSession(configuration: configuration)
    defer { session.finishTasksAndInvalidate() }
    let data: Data
    let response: URLResponse
    do {
      (data, response) = try await session.data(for: request)
    } catch {
      throw .indexUnreachable(url: url, underlying: error)
    }
    guard let http = response as? HTTPURLResponse else { return (data, "") }
    if http.statusCode == 404 || http.statusCode == 410 { return (nil, "") }
    guard (200..<300).contains(http.statusCode) else {
      throw .indexUnreachable(url: url, reason: "HTTP status \(http.statusCode)")
    }
    return (data, (http.value(forHTTPHeaderField: "Content-Type") ?? "").lowercased())
  }

  /// Parses a PEP 691 JSON project page.
  static func parseJSON(_ data: Data, pageURL: String) throws(RebuildError) -> [IndexFile] {
    struct Page: Decodable {
      struct File: Decodable {
        var filename: String
        var url: String
        var hashes: [String: String]
      }
      var files: [File]
    }
    let page: Page
    do {
      page = try JSONDecoder().decode(Page.self, from: data)
    } catch {
      throw .indexPageInvalid(url: pageURL, underlying: error)
    }
    return page.files.map {
      IndexFile(
        filename: $0.filename, url: resolve($0.url, against: pageURL),
        sha256: $0.hashes["sha256"].flatMap { Digest(hex: $0) })
    }
  }

  /// Parses a PEP 503 HTML project page: every `<a href="...#sha256=...">filename</a>`.
  static func parseHTML(_ html: String, pageURL: String) -> [IndexFile] {
    var files: [IndexFile] = []
    var rest = html[...]
    while let open = rest.range(of: "<a ", options: .caseInsensitive) {
      guard let close = rest[open.upperBound...].range(of: ">"),
        let end = rest[close.upperBound...].range(of: "</a>", options: .caseInsensitive)
      else { break }
      let attributes = rest[open.upperBound..<close.lowerBound]
      let text = String(rest[close.upperBound..<end.lowerBound]).trimmingCharacters(
        in: .whitespacesAndNewlines)
      rest = rest[end.upperBound...]
      guard let hrefRange = attributes.range(of: "href=", options: .caseInsensitive) else { continue }
      var value = attributes[hrefRange.upperBound...]
      let quote = value.first
      if quote == "\"" || quote == "'" {
        value = value.dropFirst()
        value = value.prefix { $0 != quote }
      } else {
        value = value.prefix { !$0.isWhitespace }
      }
      var href = unescapeHTML(String(value))
      var digest: Digest?
      if let hash = href.range(of: "#") {
        let fragment = href[hash.upperBound...]
        if fragment.hasPrefix("sha256=") { digest = Digest(hex: String(fragment.dropFirst(7))) }
        href = String(href[..<hash.lowerBound])
      }
      let filename = unescapeHTML(text)
      files.append(IndexFile(filename: filename, url: resolve(href, against: pageURL), sha256: digest))
    }
    return files
  }

  /// Resolves a possibly relative URL against the page URL.
  static func resolve(_ href: String, against base: String) -> String {
    guard let baseURL = URL(string: base), let url = URL(string: href, relativeTo: baseURL) else {
      return href
    }
    return url.absoluteString
  }

  /// Decodes the entities an index uses in attributes.
  static func unescapeHTML(_ text: String) -> String {
    text.replacingAll("&amp;", with: "&").replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">")
      .replacingAll("&quot;", with: "\"").replacingAll("&#39;", with: "'")
  }

  /// Chooses the file of `package`'s version: the wheel whose tags equal the captured WHEEL tags; a locally
  /// built wheel (non-index tags) or no recorded tags fall back to the single sdist or wheel of the version.
  public static func choose(_ files: [IndexFile], for package: PythonPackage) -> IndexFile? {
    let sorted = files.sorted { $0.filename < $1.filename }
    let captured = Version(parsing: package.version)
    let wheels = sorted.compactMap { f in (try? WheelFilename(f.filename)).map { (f, $0) } }.filter {
      $0.1.name.normalized == package.name && captured != nil && $0.1.version == captured
    }
    var recorded = Set<WheelTag>()
    for tag in package.wheelTags { recorded.formUnion((try? WheelTag.parseSet(tag)) ?? []) }
    if !recorded.isEmpty, let match = wheels.first(where: { $0.1.tags == recorded }) { return match.0 }
    let sdists = sorted.filter {
      SdistFileName.matches($0.filename, name: package.name, version: package.version)
    }
    if recorded.isEmpty && wheels.count == 1 { return wheels[0].0 }
    // `linux_x86_64` wheels are built locally from an sdist; indexes do not carry them.
    let locallyBuilt =
      !recorded.isEmpty && recorded.allSatisfy { $0.platform.hasPrefix("linux_") }
    if (recorded.isEmpty || locallyBuilt) && sdists.count == 1 { return sdists[0] }
    return nil
  }
}

/// sdist file names: `name-version.tar.gz` or `.zip`.
enum SdistFileName {
  /// True when `filename` is the sdist of `name` (normalized) at `version` (PEP 440 equality).
  static func matches(_ filename: String, name: String, version: String) -> Bool {
    var stem = filename
    if stem.hasSuffix(".tar.gz") {
      stem = String(stem.dropLast(7))
    } else if stem.hasSuffix(".zip") {
      stem = String(stem.dropLast(4))
    } else {
      return false
    }
    guard let dash = stem.lastIndex(of: "-"), PackageName.normalize(String(stem[..<dash])) == name,
      let fileVersion = Version(parsing: String(stem[stem.index(after: dash)...])),
      let captured = Version(parsing: version)
    else { return false }
    return fileVersion == captured
  }
}
