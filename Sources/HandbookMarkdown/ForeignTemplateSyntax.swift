/// Template tags of other site generators, which handbook does not run: Hugo shortcodes
/// (`{{< youtube id >}}`, `{{% note %}}`) and Liquid or Jinja tags and outputs
/// (`{% include x.html %}`, `{{ site.baseurl }}`). They stay in the page as text; finding them
/// lets the build say so once per page instead of leaving the reader to wonder.
enum ForeignTemplateSyntax {
    /// Every tag in a text: how to name it (`{{< youtube >}}`) and its byte offset.
    static func all(in text: String) -> [(name: String, offset: Int)] {
        // Most text has no brace at all: one scan of the bytes settles it.
        guard text.utf8.contains(UInt8(ascii: "{")) else { return [] }
        let bytes = Array(text.utf8)
        var found: [(name: String, offset: Int)] = []
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") || bytes[index + 1] == UInt8(ascii: "%"),
                let (name, length) = tag(bytes, at: index)
            {
                found.append((name, index))
                index += length
            } else {
                index += 1
            }
        }
        return found
    }

    /// The tag starting at `start`, named by its opening, first word and closing, and its
    /// length; nil when what follows is not a closed tag (`{{` alone is ordinary text).
    private static func tag(_ bytes: [UInt8], at start: Int) -> (String, Int)? {
        var open: String, close: String
        var position = start + 2
        if bytes[start + 1] == UInt8(ascii: "%") {
            (open, close) = ("{%", "%}")
        } else if position < bytes.count, bytes[position] == UInt8(ascii: "<") {
            (open, close) = ("{{<", ">}}")
            position += 1
        } else if position < bytes.count, bytes[position] == UInt8(ascii: "%") {
            (open, close) = ("{{%", "%}}")
            position += 1
        } else {
            (open, close) = ("{{", "}}")
        }
        let closing = Array(close.utf8)
        // The tag must close on the same text, within a line's reach.
        let limit = min(bytes.count, position + 400)
        var end = position
        while end + closing.count <= limit, !bytes[end..<(end + closing.count)].elementsEqual(closing) {
            if bytes[end] == UInt8(ascii: "\n") { return nil }
            end += 1
        }
        guard end + closing.count <= limit else { return nil }
        let inside = String(decoding: bytes[position..<end], as: UTF8.self)
        let words = inside.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let word = words.first.map(String.init)?.trimmingDashes, !word.isEmpty else { return nil }
        return ("\(open) \(word) \(close)", end + closing.count - start)
    }
}

extension String {
    /// Without Liquid's and Hugo's whitespace-control dashes (`{%- if -%}`).
    fileprivate var trimmingDashes: String {
        var text = Substring(self)
        while text.first == "-" { text = text.dropFirst() }
        while text.last == "-" { text = text.dropLast() }
        return String(text)
    }
}
