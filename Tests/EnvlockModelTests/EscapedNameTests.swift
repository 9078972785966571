// Names that are not UTF-8 are spelled as text reversibly: `\xHH` for each byte outside a valid
// UTF-8 sequence, `\\` for a backslash.

import EnvlockModel
import Testing

@Suite struct EscapedNameTests {
  @Test(
    arguments: [
      ([0x61, 0xFF, 0x62], #"a\xffb"#),
      ([0x5C, 0xFE], #"\\\xfe"#),
      (Array("café".utf8), "café"),
      ([0xC3], #"\xc3"#),  // a truncated sequence
      ([0xC3, 0x28], #"\xc3("#),  // a lead byte without its continuation
      ([0xED, 0xA0, 0x80], #"\xed\xa0\x80"#),  // an encoded surrogate
      ([0xF0, 0x9F, 0x99, 0x82, 0x80], "🙂\\x80"),
      (Array(#"a\xffb"#.utf8), #"a\\xffb"#),  // the text of an escape is not an escape
    ] as [([UInt8], String)])
  func escapesAndRestores(_ bytes: [UInt8], _ text: String) {
    #expect(EscapedName.escape(bytes) == text)
    #expect(EscapedName.unescape(text) == bytes)
  }

  /// Text `escape` never writes is refused, so one spelling stands for one name.
  @Test(arguments: [#"a\"#, #"\x4"#, #"\xZZ"#, #"\x41"#, #"\xc3\xa9"#, #"\n"#])
  func refusesWhatEscapeNeverWrites(_ text: String) {
    #expect(EscapedName.unescape(text) == nil)
  }

  @Test func dataFilesGiveTheirBytesOnDisk() {
    let escaped = DataFile(
      path: #"d/a\xffb"#, size: 1, mode: 0o644, mtime: nil, sha256: nil, pathEscaped: true)
    #expect(escaped.pathBytes == Array("d/a".utf8) + [0xFF] + Array("b".utf8))
    let plain = DataFile(path: #"d/a\xffb"#, size: 1, mode: 0o644, mtime: nil, sha256: nil)
    #expect(plain.pathBytes == Array(#"d/a\xffb"#.utf8))
  }
}
