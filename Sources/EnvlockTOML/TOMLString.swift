// Writing TOML by hand (envlock.toml templates, pylock.toml): basic strings, escaped per TOML 1.0.

/// TOML text helpers for files envlock writes in a fixed layout.
public enum TOMLString {
  /// `text` as a TOML basic string: `"`, `\` and control characters escaped.
  public static func basic(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// `name` as a TOML key: bare when it is only letters, digits, `_` and `-`, else a basic string.
  public static func key(_ name: String) -> String {
    let bare =
      !name.isEmpty
      && name.unicodeScalars.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
      }
    return bare ? name : basic(name)
  }
}
