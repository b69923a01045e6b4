import OVSDB

/// A JSON-RPC 1.0 message as OVSDB uses it (RFC 7047 §4): requests carry an id, notifications a
/// null id, responses a result or an error.
public enum JSONRPCMessage: Sendable, Hashable {
    case request(id: JSON, method: String, params: [JSON])
    case notification(method: String, params: [JSON])
    case response(id: JSON, result: JSON, error: JSON)

    public var json: JSON {
        switch self {
        case .request(let id, let method, let params):
            return ["id": id, "method": .string(method), "params": .array(params)]
        case .notification(let method, let params):
            return ["id": nil, "method": .string(method), "params": .array(params)]
        case .response(let id, let result, let error):
            return ["id": id, "result": result, "error": error]
        }
    }

    public init(json: JSON) throws(OVSDBClientError) {
        guard case .object(let object) = json else { throw .malformedMessage("a JSON-RPC message must be an object") }
        let id = object["id"] ?? .null
        if let method = object["method"] {
            guard case .string(let name) = method, case .array(let params)? = object["params"] else {
                throw .malformedMessage("request without a string method and array params: \(json)")
            }
            self =
                id == .null
                ? .notification(method: name, params: params) : .request(id: id, method: name, params: params)
            return
        }
        guard object["result"] != nil || object["error"] != nil else {
            throw .malformedMessage("neither a request nor a response: \(json)")
        }
        self = .response(id: id, result: object["result"] ?? .null, error: object["error"] ?? .null)
    }
}
