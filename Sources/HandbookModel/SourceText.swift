import Foundation

/// A Markdown file split into its front matter and body, with the line where each starts.
public struct SourceText: Sendable {
    /// The YAML between the `---` lines, or nil when the file has no front matter.
    public var frontMatter: String?
    /// The line of the file where the YAML starts.
    public var frontMatterLine: Int
    /// The Markdown after the front matter.
    public var body: String
    /// How many lines come before the body: add it to a body line to get the file's line.
    public var bodyLineOffset: Int

    /// Splits a file's text; an unclosed front matter block is an error at line 1.
    public static func split(_ text: String, file: String) throws(Diagnostic) -> SourceText {
        var content = Substring(normalizingLoneCarriageReturns(text))
        if content.hasPrefix("\u{FEFF}") { content = content.dropFirst() }
        guard content.hasPrefix("---\n") || content.hasPrefix("---\r\n") || content == "---" else {
            return SourceText(frontMatter: nil, frontMatterLine: 1, body: String(content), bodyLineOffset: 0)
        }
        // Lines are found on the UTF-8 view: `\n` is one byte, and a Character view would
        // treat `\r\n` as one character and walk grapheme breaks over the whole file.
        let utf8 = content.utf8
        var lineNumber = 1
        var index = utf8.firstIndex(of: 10).map { utf8.index(after: $0) } ?? utf8.endIndex
        let yamlStart = index
        while index < utf8.endIndex {
            lineNumber += 1
            let lineEnd = utf8[index...].firstIndex(of: 10) ?? utf8.endIndex
            var line = utf8[index..<lineEnd]
            if line.last == 13 { line = line.dropLast() }
            if line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8) {
                let bodyStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
                return SourceText(
                    frontMatter: String(content[yamlStart..<index]), frontMatterLine: 2,
                    body: String(content[bodyStart...]), bodyLineOffset: lineNumber)
            }
            index = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
        }
        throw .error(
            SourceLocation(file: file, line: 1, column: 1), "front matter is not closed",
            hint: "add a line with only `---` after the front matter", check: .yaml)
    }
}

extension SourceText {
    /// The file's bytes as text; bytes that are not UTF-8 are an error at the line and column of
    /// the first of them.
    public static func decode(_ data: Data, file: String) -> Result<String, Diagnostic> {
        data.withUnsafeBytes { raw -> Result<String, Diagnostic> in
            let bytes = raw.bindMemory(to: UInt8.self)
            if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
            if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
                return .failure(
                    .error(
                        SourceLocation(file: file, line: 1, column: 1), "the file is UTF-16 text, not UTF-8",
                        hint: "save it as UTF-8 (in most editors: Save with Encoding, UTF-8)", check: .encoding))
            }
            let offset = firstInvalidUTF8Byte(bytes) ?? 0
            var line = 1
            var column = 1
            for index in 0..<offset {
                let byte = bytes[index]
                if byte == 10 || (byte == 13 && bytes[index + 1] != 10) {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            let shown = String(bytes[offset], radix: 16, uppercase: true)
            return .failure(
                .error(
                    SourceLocation(file: file, line: line, column: column), "the file is not UTF-8 text: byte 0x\(shown) here is not UTF-8",
                    hint: "save the file as UTF-8; such bytes usually come from Latin-1 or Windows-1252 text", check: .encoding))
        }
    }

    /// The offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629).
    static func firstInvalidUTF8Byte(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            var length = 2
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, lower) = (3, 0xA0)  // no overlong forms
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, upper) = (3, 0x9F)  // no surrogates
            case 0xF0: (length, lower) = (4, 0x90)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, upper) = (4, 0x8F)  // nothing above U+10FFFF
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            for next in 1..<length {
                let byte = bytes[index + next]
                if byte < (next == 1 ? lower : 0x80) || byte > (next == 1 ? upper : 0xBF) { return index }
            }
            index += length
        }
        return nil
    }

    /// The text with each carriage return that is not followed by a line feed (old Mac line
    /// ends) turned into a line feed, so front matter is found and lines are counted as an
    /// editor counts them; the text itself when there is none.
    static func normalizingLoneCarriageReturns(_ text: String) -> String {
        var text = text
        let lone = text.withUTF8 { bytes -> Bool in
            guard let base = bytes.baseAddress, memchr(base, 13, bytes.count) != nil else { return false }
            return bytes.indices.contains { bytes[$0] == 13 && ($0 + 1 == bytes.count || bytes[$0 + 1] != 10) }
        }
        guard lone else { return text }
        var bytes = Array(text.utf8)
        for index in bytes.indices where bytes[index] == 13 && (index + 1 == bytes.count || bytes[index + 1] != 10) {
            bytes[index] = 10
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
