/// Any message of protocol version 1, tagged by its type.
public enum WireMessage: Sendable, Hashable {
    case hello(Hello)
    case welcome(Welcome)
    case ping(Ping)
    case pong(Pong)
    case error(ErrorMessage)
    case cancel(Cancel)
    case listMunicipalities(ListMunicipalitiesRequest)
    case municipalities(ListMunicipalitiesResponse)
    case listNetworks(ListNetworksRequest)
    case networks(ListNetworksResponse)
    case listIndicators(ListIndicatorsRequest)
    case indicators(ListIndicatorsResponse)
    case rank(RankRequest)
    case rankResult(RankResponse)
    case compare(CompareRequest)
    case compareResult(CompareResponse)
    case trend(TrendRequest)
    case trendResult(TrendResponse)
    case submit(SubmitRequest)
    case submitResult(SubmitResponse)
    case export(ExportRequest)
    case exportBatch(ExportBatch)

    /// The message's type code.
    public var type: MessageType {
        switch self {
        case .hello: .hello
        case .welcome: .welcome
        case .ping: .ping
        case .pong: .pong
        case .error: .error
        case .cancel: .cancel
        case .listMunicipalities: .listMunicipalities
        case .municipalities: .municipalities
        case .listNetworks: .listNetworks
        case .networks: .networks
        case .listIndicators: .listIndicators
        case .indicators: .indicators
        case .rank: .rank
        case .rankResult: .rankResult
        case .compare: .compare
        case .compareResult: .compareResult
        case .trend: .trend
        case .trendResult: .trendResult
        case .submit: .submit
        case .submitResult: .submitResult
        case .export: .export
        case .exportBatch: .exportBatch
        }
    }

    /// Encodes the message's payload as CBOR.
    public func encodePayload(with encoder: CBOREncoder = CBOREncoder()) throws -> [UInt8] {
        switch self {
        case .hello(let m): try encoder.encode(m)
        case .welcome(let m): try encoder.encode(m)
        case .ping(let m): try encoder.encode(m)
        case .pong(let m): try encoder.encode(m)
        case .error(let m): try encoder.encode(m)
        case .cancel(let m): try encoder.encode(m)
        case .listMunicipalities(let m): try encoder.encode(m)
        case .municipalities(let m): try encoder.encode(m)
        case .listNetworks(let m): try encoder.encode(m)
        case .networks(let m): try encoder.encode(m)
        case .listIndicators(let m): try encoder.encode(m)
        case .indicators(let m): try encoder.encode(m)
        case .rank(let m): try encoder.encode(m)
        case .rankResult(let m): try encoder.encode(m)
        case .compare(let m): try encoder.encode(m)
        case .compareResult(let m): try encoder.encode(m)
        case .trend(let m): try encoder.encode(m)
        case .trendResult(let m): try encoder.encode(m)
        case .submit(let m): try encoder.encode(m)
        case .submitResult(let m): try encoder.encode(m)
        case .export(let m): try encoder.encode(m)
        case .exportBatch(let m): try encoder.encode(m)
        }
    }

    /// Decodes a payload of the given type, as defined in the given protocol version.
    /// - Parameters:
    ///   - type: the frame's message type.
    ///   - version: the frame's protocol version (default ``WireVersion/current``).
    ///   - payload: the plain (decompressed) CBOR payload.
    ///   - decoder: the decoder to use, with the connection's nesting limit.
    /// - Throws: ``WireError/unknownMessageType(_:version:)``, naming `version`, for a type that
    ///   `version` does not define (every type, for a version this implementation does not speak), or
    ///   the decoder's error for a payload that does not fit the type.
    public static func decode(
        type: MessageType,
        version: UInt8 = WireVersion.current,
        payload: UnsafeRawBufferPointer,
        with decoder: CBORDecoder = CBORDecoder()
    ) throws -> WireMessage {
        guard type.isDefined(in: version) else {
            throw WireError.unknownMessageType(type, version: version)
        }
        return switch type {
        case .hello: .hello(try decoder.decode(Hello.self, from: payload))
        case .welcome: .welcome(try decoder.decode(Welcome.self, from: payload))
        case .ping: .ping(try decoder.decode(Ping.self, from: payload))
        case .pong: .pong(try decoder.decode(Pong.self, from: payload))
        case .error: .error(try decoder.decode(ErrorMessage.self, from: payload))
        case .cancel: .cancel(try decoder.decode(Cancel.self, from: payload))
        case .listMunicipalities: .listMunicipalities(try decoder.decode(ListMunicipalitiesRequest.self, from: payload))
        case .municipalities: .municipalities(try decoder.decode(ListMunicipalitiesResponse.self, from: payload))
        case .listNetworks: .listNetworks(try decoder.decode(ListNetworksRequest.self, from: payload))
        case .networks: .networks(try decoder.decode(ListNetworksResponse.self, from: payload))
        case .listIndicators: .listIndicators(try decoder.decode(ListIndicatorsRequest.self, from: payload))
        case .indicators: .indicators(try decoder.decode(ListIndicatorsResponse.self, from: payload))
        case .rank: .rank(try decoder.decode(RankRequest.self, from: payload))
        case .rankResult: .rankResult(try decoder.decode(RankResponse.self, from: payload))
        case .compare: .compare(try decoder.decode(CompareRequest.self, from: payload))
        case .compareResult: .compareResult(try decoder.decode(CompareResponse.self, from: payload))
        case .trend: .trend(try decoder.decode(TrendRequest.self, from: payload))
        case .trendResult: .trendResult(try decoder.decode(TrendResponse.self, from: payload))
        case .submit: .submit(try decoder.decode(SubmitRequest.self, from: payload))
        case .submitResult: .submitResult(try decoder.decode(SubmitResponse.self, from: payload))
        case .export: .export(try decoder.decode(ExportRequest.self, from: payload))
        case .exportBatch: .exportBatch(try decoder.decode(ExportBatch.self, from: payload))
        default: throw WireError.unknownMessageType(type, version: version)
        }
    }
}
