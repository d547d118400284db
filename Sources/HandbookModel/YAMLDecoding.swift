/// Typed reads from YAML nodes that report a diagnostic at the node when the type is wrong.
extension YAMLNode {
    func expectString(_ key: String) throws(Diagnostic) -> String {
        guard let text = scalar, !isNull || !text.isEmpty else {
            throw .error(location, "'\(key)' must be a string, found \(kindName)")
        }
        return text
    }

    func expectBool(_ key: String) throws(Diagnostic) -> Bool {
        guard let value = bool else {
            throw .error(location, "'\(key)' must be true or false, found \(kindName)")
        }
        return value
    }

    func expectInt(_ key: String) throws(Diagnostic) -> Int {
        guard let value = int else {
            throw .error(location, "'\(key)' must be a whole number, found \(kindName)")
        }
        return value
    }

    func expectStringList(_ key: String) throws(Diagnostic) -> [Located<String>] {
        if let text = scalar, !isNull {
            // A single string where a list is expected is accepted, as Hugo does.
            return [Located(text, at: location)]
        }
        guard let items = sequence else {
            throw .error(location, "'\(key)' must be a list of strings, found \(kindName)")
        }
        var result: [Located<String>] = []
        for item in items {
            guard let text = item.scalar, item.mapping == nil else {
                throw .error(item.location, "each item of '\(key)' must be a string, found \(item.kindName)")
            }
            result.append(Located(text, at: item.location))
        }
        return result
    }

    func expectMapping(_ key: String) throws(Diagnostic) -> [(key: YAMLNode, value: YAMLNode)] {
        guard let pairs = mapping else {
            throw .error(location, "'\(key)' must be a mapping of keys to values, found \(kindName)")
        }
        return pairs
    }

    /// A date written `YYYY-MM-DD`.
    func expectDate(_ key: String) throws(Diagnostic) -> String {
        guard let text = scalar, isISODate(text) else {
            throw .error(
                location, "'\(key)' must be a date written YYYY-MM-DD, found \(kindName)", hint: "write it like `\(key): 2026-11-30`")
        }
        return text
    }
}

/// Whether the text is a calendar date `YYYY-MM-DD`.
func isISODate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
        let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
    else { return false }
    return (1...12).contains(month) && (1...31).contains(day)
}
