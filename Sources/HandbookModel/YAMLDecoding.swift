/// Typed reads from YAML nodes that report a diagnostic at the node when the type is wrong.
extension YAMLNode {
    func expectString(_ key: String) throws(Diagnostic) -> String {
        guard let text = scalar, !isNull || !text.isEmpty else {
            throw .error(
                location, "'\(key)' must be a string, found \(kindName)", hint: "write one line of text, e.g. \(key): \"Some text\"")
        }
        return text
    }

    func expectBool(_ key: String) throws(Diagnostic) -> Bool {
        guard let value = bool else {
            throw .error(location, "'\(key)' must be true or false, found \(kindName)", hint: "write \(key): true or \(key): false")
        }
        return value
    }

    func expectInt(_ key: String) throws(Diagnostic) -> Int {
        guard let value = int else {
            throw .error(location, "'\(key)' must be a whole number, found \(kindName)", hint: "write digits only, e.g. \(key): 10")
        }
        return value
    }

    func expectStringList(_ key: String) throws(Diagnostic) -> [Located<String>] {
        if let text = scalar, !isNull {
            // A single string where a list is expected is accepted, as Hugo does.
            return [Located(text, at: location)]
        }
        guard let items = sequence else {
            throw .error(location, "'\(key)' must be a list of strings, found \(kindName)", hint: "write \(key): [first, second]")
        }
        var result: [Located<String>] = []
        for item in items {
            guard let text = item.scalar, item.mapping == nil else {
                throw .error(
                    item.location, "each item of '\(key)' must be a string, found \(item.kindName)",
                    hint: "write \(key): [first, second], with no lists or mappings inside")
            }
            result.append(Located(text, at: item.location))
        }
        return result
    }

    func expectMapping(_ key: String) throws(Diagnostic) -> [(key: YAMLNode, value: YAMLNode)] {
        guard let pairs = mapping else {
            throw .error(
                location, "'\(key)' must be a mapping of keys to values, found \(kindName)",
                hint: "write `name: value` pairs on the lines below it, indented")
        }
        return pairs
    }

    /// A date written `YYYY-MM-DD`.
    func expectDate(_ key: String) throws(Diagnostic) -> String {
        guard let text = scalar, isISODate(text) else {
            throw .error(
                location, "'\(key)' must be a date written YYYY-MM-DD, found \(kindName)",
                hint: "write a real calendar date, e.g. \(key): 2024-05-31")
        }
        return text
    }
}

/// Whether the text is a calendar date `YYYY-MM-DD`.
func isISODate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
        let month = Int(parts[1]), let day = Int(parts[2])
    else { return false }
    guard let year = Int(parts[0]), (1...12).contains(month) else { return false }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return (1...days).contains(day)
}
