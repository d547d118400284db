import Foundation

/// Reads collection schemas from site.yml.
enum SchemaParser {
    static func collections(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> [CollectionSpec] {
        guard let pairs = node.mapping else {
            diagnostics.append(
                .error(
                    node.location, "'collections' must be a mapping of collection names to definitions",
                    hint: "write each collection as `name:` with `folder:` and `fields:` indented below it"))
            return []
        }
        var result: [CollectionSpec] = []
        for (nameNode, definition) in pairs {
            let name = nameNode.scalar ?? ""
            guard let defPairs = definition.mapping else {
                diagnostics.append(
                    .error(
                        definition.location, "collection '\(name)' must be a mapping with folder and fields",
                        hint: "indent `folder:` and `fields:` below `\(name):`"))
                continue
            }
            var spec = CollectionSpec(
                name: name, folder: name, title: FieldSpec.label(for: name), layout: "entry", fields: [],
                comparePairs: false, location: nameNode.location)
            let known = ["folder", "title", "layout", "fields", "compare_pairs"]
            for (keyNode, value) in defPairs {
                let key = keyNode.scalar ?? ""
                do throws(Diagnostic) {
                    switch key {
                    case "folder": spec.folder = try value.expectString(key).trimmingCharacters(in: ["/"])
                    case "title": spec.title = try value.expectString(key)
                    case "layout": spec.layout = try value.expectString(key)
                    case "compare_pairs": spec.comparePairs = try value.expectBool(key)
                    case "fields":
                        spec.fields = fields(value, context: name, diagnostics: &diagnostics, unreadable: &spec.unreadableFields)
                    default:
                        throw .error(
                            keyNode.location, "unknown key '\(key)' in collection '\(name)'",
                            hint: Suggestions.hint(known: "keys", known, for: key))
                    }
                } catch {
                    diagnostics.append(error)
                }
            }
            if result.contains(where: { $0.folder == spec.folder }) {
                diagnostics.append(.error(nameNode.location, "two collections use the folder '\(spec.folder)'"))
            }
            result.append(spec)
        }
        return result
    }

    static func fields(_ node: YAMLNode, context: String, diagnostics: inout [Diagnostic]) -> [FieldSpec] {
        var unreadable = Set<String>()
        return fields(node, context: context, diagnostics: &diagnostics, unreadable: &unreadable)
    }

    /// The fields of a mapping; the names of those whose declaration is wrong go to `unreadable`.
    static func fields(_ node: YAMLNode, context: String, diagnostics: inout [Diagnostic], unreadable: inout Set<String>)
        -> [FieldSpec]
    {
        guard let pairs = node.mapping else {
            diagnostics.append(
                .error(
                    node.location, "'fields' of '\(context)' must be a mapping of field names to specs",
                    hint: "write each field as `name: { type: string }`, one per line"))
            return []
        }
        return pairs.compactMap { pair in
            do throws(Diagnostic) {
                return try field(name: pair.key.scalar ?? "", node: pair.value, at: pair.key.location)
            } catch {
                diagnostics.append(error)
                unreadable.insert(pair.key.scalar ?? "")
                return nil
            }
        }
    }

    static func field(name: String, node: YAMLNode, at location: SourceLocation) throws(Diagnostic) -> FieldSpec {
        // `skills: references` is short for `skills: { type: references }`, which needs `to`.
        let pairs: [(key: YAMLNode, value: YAMLNode)]
        if let typeName = node.scalar {
            pairs = [
                (YAMLNode(.scalar("type", plain: true), at: node.location), YAMLNode(.scalar(typeName, plain: true), at: node.location))
            ]
        } else {
            pairs = try node.expectMapping(name)
        }
        let known = ["type", "label", "required", "default", "help", "values", "to", "item", "fields", "compare"]
        for (key, _) in pairs where !known.contains(key.scalar ?? "") {
            throw .error(
                key.location, "unknown key '\(key.scalar ?? "")' in field '\(name)'",
                hint: Suggestions.hint(known: "keys", known, for: key.scalar ?? ""))
        }
        func value(_ key: String) -> YAMLNode? { pairs.first { $0.key.scalar == key }?.value }
        guard let typeNode = value("type") else {
            throw .error(location, "field '\(name)' has no 'type'", hint: "types: " + FieldType.names.joined(separator: ", "))
        }
        let typeName = try typeNode.expectString("type")
        let type: FieldType
        func target() throws(Diagnostic) -> String {
            guard let to = value("to") else {
                throw .error(typeNode.location, "field '\(name)' of type \(typeName) needs 'to:' naming a collection")
            }
            return try to.expectString("to")
        }
        switch typeName {
        case "string": type = .string
        case "text": type = .text
        case "number": type = .number
        case "integer": type = .integer
        case "bool": type = .bool
        case "date": type = .date
        case "enum":
            guard let values = value("values") else {
                throw .error(typeNode.location, "enum field '\(name)' needs 'values:', a list of the allowed values")
            }
            type = .enumeration(try values.expectStringList("values").map(\.value))
        case "list":
            if let item = value("item") {
                type = .list(try field(name: "\(name) item", node: item, at: item.location))
            } else {
                type = .list(FieldSpec(name: name, label: name, type: .string, required: false, compare: false, location: location))
            }
        case "reference": type = .reference(try target())
        case "references": type = .references(try target())
        case "object":
            guard let fieldsNode = value("fields") else {
                throw .error(typeNode.location, "object field '\(name)' needs 'fields:'")
            }
            var diagnostics: [Diagnostic] = []
            let nested = fields(fieldsNode, context: name, diagnostics: &diagnostics)
            if let first = diagnostics.first { throw first }
            type = .object(nested)
        case "flow":
            guard let to = value("to") else {
                throw .error(typeNode.location, "flow field '\(name)' needs 'to:', the collections its steps may name")
            }
            type = .flow(try to.expectStringList("to").map(\.value))
        default:
            throw .error(
                typeNode.location, "unknown field type '\(typeName)'",
                hint: Suggestions.hint(known: "types", FieldType.names, for: typeName))
        }
        return FieldSpec(
            name: name, label: try value("label")?.expectString("label") ?? FieldSpec.label(for: name), type: type,
            required: try value("required")?.expectBool("required") ?? false, defaultValue: value("default"),
            help: try value("help")?.expectString("help"), compare: try value("compare")?.expectBool("compare") ?? false,
            location: location)
    }

    /// Every `to:` must name a declared collection.
    static func checkReferences(_ config: SiteConfig) -> [Diagnostic] {
        let names = config.collections.map(\.name)
        var diagnostics: [Diagnostic] = []
        func check(_ spec: FieldSpec) {
            var targets: [String] = []
            switch spec.type {
            case .reference(let to), .references(let to): targets = [to]
            case .flow(let to): targets = to
            case .list(let item): check(item)
            case .object(let fields): fields.forEach(check)
            default: break
            }
            for target in targets where !names.contains(target) {
                diagnostics.append(
                    .error(
                        spec.location, "field '\(spec.name)' refers to unknown collection '\(target)'",
                        hint: Suggestions.hint(known: "collections", names, for: target)))
            }
        }
        config.pageFields.forEach(check)
        config.collections.forEach { $0.fields.forEach(check) }
        return diagnostics
    }
}
