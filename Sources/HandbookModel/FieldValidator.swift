/// Checks YAML values against field specs and resolves references to entries.
struct FieldValidator {
    /// Collection name to the ids of its entries.
    let ids: [String: Set<String>]

    func validate(_ node: YAMLNode, as spec: FieldSpec, path: String) throws(Diagnostic) -> FieldValue {
        switch spec.type {
        case .string:
            guard let text = node.scalar, !node.isNull else { throw mismatch(node, path, "a string", spec) }
            return .string(text)
        case .text:
            guard let text = node.scalar, !node.isNull else { throw mismatch(node, path, "text", spec) }
            return .text(text, location: node.location)
        case .number:
            guard let value = node.number else { throw mismatch(node, path, "a number", spec) }
            return .number(value)
        case .integer:
            guard let value = node.int else { throw mismatch(node, path, "a whole number", spec) }
            return .integer(value)
        case .bool:
            guard let value = node.bool else { throw mismatch(node, path, "true or false", spec) }
            return .bool(value)
        case .date:
            guard let text = node.scalar, isISODate(text) else { throw mismatch(node, path, "a date (YYYY-MM-DD)", spec) }
            return .date(text)
        case .enumeration(let values):
            guard let text = node.scalar, !node.isNull else { throw mismatch(node, path, "one of \(values.joined(separator: ", "))", spec) }
            guard values.contains(text) else {
                throw .error(
                    node.location, "'\(path)' is '\(text)', which is not one of its values",
                    hint: Suggestions.hint(known: "values", values, for: text))
            }
            return .enumeration(text)
        case .list(let item):
            guard let items = node.sequence else { throw mismatch(node, path, "a list", spec) }
            var values: [FieldValue] = []
            for (index, element) in items.enumerated() {
                values.append(try validate(element, as: item, path: "\(path)[\(index)]"))
            }
            return .list(values)
        case .reference(let collection):
            return .reference(try reference(node, to: [collection], path: path, spec: spec))
        case .references(let collection):
            guard let items = node.sequence else { throw mismatch(node, path, "a list of \(collection) ids", spec) }
            var values: [FieldValue] = []
            for (index, element) in items.enumerated() {
                values.append(.reference(try reference(element, to: [collection], path: "\(path)[\(index)]", spec: spec)))
            }
            return .list(values)
        case .object(let fields):
            guard let pairs = node.mapping else { throw mismatch(node, path, "a mapping", spec) }
            return .object(try object(pairs, fields: fields, at: node.location, path: path))
        case .flow(let collections):
            return .flow(try flow(node, collections: collections, path: path, spec: spec))
        }
    }

    /// Checks a mapping's keys against fields: unknown keys, missing required ones, defaults.
    func object(_ pairs: [(key: YAMLNode, value: YAMLNode)], fields: [FieldSpec], at location: SourceLocation, path: String)
        throws(Diagnostic) -> [(key: String, value: FieldValue)]
    {
        var result: [(key: String, value: FieldValue)] = []
        for (key, _) in pairs where !fields.contains(where: { $0.name == key.scalar }) {
            let name = key.scalar ?? ""
            throw .error(
                key.location, "unknown field '\(path).\(name)'",
                hint: Suggestions.hint(known: "fields", fields.map(\.name), for: name))
        }
        for field in fields {
            let fieldPath = "\(path).\(field.name)"
            if let value = pairs.first(where: { $0.key.scalar == field.name })?.value, !value.isNull {
                result.append((field.name, try validate(value, as: field, path: fieldPath)))
            } else if let fallback = field.defaultValue {
                result.append((field.name, try validate(fallback, as: field, path: fieldPath)))
            } else if field.required {
                throw .error(
                    location, "missing required field '\(fieldPath)'", hint: field.help ?? "add `\(field.name):`", check: .missingField)
            }
        }
        return result
    }

    func reference(_ node: YAMLNode, to collections: [String], path: String, spec: FieldSpec) throws(Diagnostic) -> EntryRef {
        guard let text = node.scalar, !node.isNull else {
            throw mismatch(node, path, "an id of \(collections.joined(separator: " or "))", spec)
        }
        if let slash = text.firstIndex(of: "/") {
            let collection = String(text[..<slash]), id = String(text[text.index(after: slash)...])
            if collections.contains(collection), ids[collection]?.contains(id) == true {
                return EntryRef(collection: collection, id: id)
            }
        }
        let matches = collections.filter { ids[$0]?.contains(text) == true }
        if matches.count == 1 { return EntryRef(collection: matches[0], id: text) }
        if matches.count > 1 {
            throw .error(
                node.location, "'\(text)' is an entry of both \(matches.joined(separator: " and "))",
                hint: "qualify it, e.g. '\(matches[0])/\(text)'", check: .unknownReference)
        }
        let known = collections.flatMap { ids[$0].map(Array.init) ?? [] }
        throw .error(
            node.location, "'\(path)' names '\(text)', which is not an entry of \(collections.joined(separator: " or "))",
            hint: Suggestions.hint(known: "ids", known, for: text), check: .unknownReference)
    }

    private func flow(_ node: YAMLNode, collections: [String], path: String, spec: FieldSpec) throws(Diagnostic) -> [FlowTrack] {
        guard let items = node.sequence else {
            throw mismatch(node, path, "a list of tracks, each with name and steps", spec)
        }
        var tracks: [FlowTrack] = []
        for (index, item) in items.enumerated() {
            let trackPath = "\(path)[\(index)]"
            guard let pairs = item.mapping else { throw mismatch(item, trackPath, "a track with name and steps", spec) }
            for (key, _) in pairs where !["name", "steps"].contains(key.scalar ?? "") {
                throw .error(key.location, "unknown key '\(key.scalar ?? "")' in a track", hint: "a track has `name:` and `steps:`")
            }
            guard let stepsNode = item["steps"], let steps = stepsNode.sequence else {
                throw .error(item.location, "track \(trackPath) needs 'steps:', a list of ids")
            }
            var refs: [Located<EntryRef>] = []
            for (stepIndex, step) in steps.enumerated() {
                let ref = try reference(step, to: collections, path: "\(trackPath).steps[\(stepIndex)]", spec: spec)
                refs.append(Located(ref, at: step.location))
            }
            tracks.append(FlowTrack(name: try item["name"]?.expectString("name") ?? "", steps: refs))
        }
        try FlowGraph(tracks: tracks).checkAcyclic()
        return tracks
    }

    private func mismatch(_ node: YAMLNode, _ path: String, _ expected: String, _ spec: FieldSpec) -> Diagnostic {
        .error(node.location, "'\(path)' must be \(expected), found \(node.kindName)", hint: spec.help)
    }
}
