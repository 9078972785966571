// Reads Jupyter notebooks (nbformat 4, https://nbformat.readthedocs.io/en/latest/format_description.html):
// only the top-level `nbformat`, `nbformat_minor` and `metadata.kernelspec` / `metadata.language_info`.
// A file that is not such a notebook is a problem to report, never a crash.

import EnvlockFileIO
import EnvlockModel
import Foundation

/// What a notebook says about itself.
struct NotebookDocument: Sendable, Hashable {
  /// SHA-256 of the file's bytes.
  var sha256: EnvlockModel.Digest
  /// `nbformat`.
  var nbformat: Int
  /// `nbformat_minor`.
  var nbformatMinor: Int?
  /// `metadata.kernelspec`, when it has a `name`.
  var kernelspec: NotebookKernelspec?
  /// `metadata.language_info`, when present.
  var languageInfo: NotebookLanguageInfo?
}

enum NotebookReader {
  /// Parses notebook bytes; the failure is a one-line reason naming what is wrong.
  static func parse(_ bytes: [UInt8]) -> Result<NotebookDocument, NotebookProblem> {
    let data = Data(bytes)
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data, options: [])
    } catch {
      return .failure(NotebookProblem(reason: "it is not JSON (\(jsonErrorText(error)))"))
    }
    guard object is [String: Any] else {
      return .failure(NotebookProblem(reason: "it is not a JSON object"))
    }
    let top: TopLevel
    do {
      top = try JSONDecoder().decode(TopLevel.self, from: data)
    } catch {
      return .failure(NotebookProblem(reason: "it cannot be read as a notebook (\(jsonErrorText(error)))"))
    }
    guard let nbformat = top.nbformat else {
      return .failure(NotebookProblem(reason: "it has no integer `nbformat`"))
    }
    guard nbformat == 4 else {
      return .failure(
        NotebookProblem(
          reason: "nbformat \(nbformat) is not supported (envlock reads nbformat 4)",
          hint: nbformat < 4 ? "open and save it in Jupyter, or run `jupyter nbconvert --to notebook`" : nil))
    }
    guard let metadata = top.metadata else {
      return .failure(NotebookProblem(reason: "it has no `metadata` object"))
    }
    var kernelspec: NotebookKernelspec?
    if let spec = metadata.kernelspec, let name = spec.name, !name.isEmpty {
      kernelspec = NotebookKernelspec(name: name, displayName: spec.displayName, language: spec.language)
    }
    let languageInfo = metadata.languageInfo.map { NotebookLanguageInfo(name: $0.name, version: $0.version) }
    let digest = EnvlockModel.Digest.sha256(data)
    return .success(
      NotebookDocument(
        sha256: digest, nbformat: nbformat, nbformatMinor: top.nbformatMinor, kernelspec: kernelspec,
        languageInfo: languageInfo))
  }

  private static func jsonErrorText(_ error: Error) -> String {
    if let decoding = error as? DecodingError {
      switch decoding {
      case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
        .keyNotFound(_, let context):
        return context.debugDescription
      @unknown default: break
      }
    }
    let ns = error as NSError
    return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
  }

  /// The top level of a notebook; every field is optional and a wrongly typed one reads as absent.
  private struct TopLevel: Decodable {
    var nbformat: Int?
    var nbformatMinor: Int?
    var metadata: Metadata?

    enum CodingKeys: String, CodingKey {
      case nbformat
      case nbformatMinor = "nbformat_minor"
      case metadata
    }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      nbformat = try? c.decodeIfPresent(Int.self, forKey: .nbformat)
      nbformatMinor = try? c.decodeIfPresent(Int.self, forKey: .nbformatMinor)
      metadata = try? c.decodeIfPresent(Metadata.self, forKey: .metadata)
    }
  }

  private struct Metadata: Decodable {
    var kernelspec: Spec?
    var languageInfo: Info?

    enum CodingKeys: String, CodingKey {
      case kernelspec
      case languageInfo = "language_info"
    }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      kernelspec = try? c.decodeIfPresent(Spec.self, forKey: .kernelspec)
      languageInfo = try? c.decodeIfPresent(Info.self, forKey: .languageInfo)
    }
  }

  private struct Spec: Decodable {
    var name: String?
    var displayName: String?
    var language: String?

    enum CodingKeys: String, CodingKey {
      case name
      case displayName = "display_name"
      case language
    }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      name = try? c.decodeIfPresent(String.self, forKey: .name)
      displayName = try? c.decodeIfPresent(String.self, forKey: .displayName)
      language = try? c.decodeIfPresent(String.self, forKey: .language)
    }
  }

  private struct Info: Decodable {
    var name: String?
    var version: String?

    enum CodingKeys: String, CodingKey { case name, version }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      name = try? c.decodeIfPresent(String.self, forKey: .name)
      version = try? c.decodeIfPresent(String.self, forKey: .version)
    }
  }
}

/// Why a file is not a readable nbformat 4 notebook.
struct NotebookProblem: Error, Sendable, Hashable {
  /// What is wrong, for example `it has no \`metadata\` object`.
  var reason: String
  /// What to do about it, when there is something specific.
  var hint: String?
}
