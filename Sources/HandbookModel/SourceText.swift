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
        var content = Substring(text)
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
