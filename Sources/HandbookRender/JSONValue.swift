/// The JSON the search index needs, written straight to bytes: JSONSerialization on Linux
/// boxes every value in NSObjects and took a seventh of a large build.
enum JSONValue {
    case string(String)
    case int(Int)
    case ints([Int])
    case array([JSONValue])
    /// Keys in the order given, so output is byte-identical from build to build.
    case object([(String, JSONValue)])

    func write(to out: inout [UInt8]) {
        switch self {
        case .string(let text): Self.writeString(text, to: &out)
        case .int(let number): Self.writeInt(number, to: &out)
        case .ints(let numbers):
            out.append(UInt8(ascii: "["))
            for (index, number) in numbers.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeInt(number, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(pair.0, to: &out)
                out.append(UInt8(ascii: ":"))
                pair.1.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Decimal digits straight into the buffer: millions of postings are written.
    static func writeInt(_ number: Int, to out: inout [UInt8]) {
        if number < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        if magnitude < 10 {
            out.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        // Digits go in lowest first, then that run is reversed in place.
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out.withUnsafeMutableBufferPointer { buffer in
            var digits = UnsafeMutableBufferPointer(rebasing: buffer[start...])
            digits.reverse()
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Bytes a JSON string in a script file cannot hold as they are; 0xE2 may start U+2028 or
    /// U+2029, which end a line in JavaScript engines older than ES2019.
    private static let needsEscape: [Bool] = (0..<256).map { $0 < 32 || $0 == 0x22 || $0 == 0x5C || $0 == 0x3C || $0 == 0xE2 }

    /// A JSON string literal that is also safe inside a `<script>`-loaded file or element: `<`
    /// is written `\u003c`, so no `</script>` or `<!--` can end or change the script. Runs of
    /// bytes that need no escape are copied at once: snippets make up megabytes of the index.
    static func writeString(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { writeString($0, to: &out) }
    }

    /// The same for UTF-8 bytes.
    static func writeString(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let needsEscape = Self.needsEscape
        var run = 0
        for (index, byte) in bytes.enumerated() where needsEscape[Int(byte)] {
            let escape: [UInt8]
            switch byte {
            case UInt8(ascii: "\""): escape = [92, 34]
            case UInt8(ascii: "\\"): escape = [92, 92]
            case 10: escape = [92, UInt8(ascii: "n")]
            case 13: escape = [92, UInt8(ascii: "r")]
            case 9: escape = [92, UInt8(ascii: "t")]
            case UInt8(ascii: "<"): escape = Array("\\u003c".utf8)
            case 0xE2:
                guard index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] & 0xFE == 0xA8 else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                out += Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                run = index + 3
                continue
            case 0..<32: escape = [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
            out += escape
            run = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        out.append(UInt8(ascii: "\""))
    }
}
