import NIOSSL

/// PEM files as `ovs-pki` makes them: our private key and certificate, and the CA whose
/// signature the peer's certificate must carry. One type for the controller's listeners and
/// connections and for OVSDB clients, so the files are loaded and checked one way.
///
/// With a CA the peer must present a certificate it signed (mutual TLS); host names are not
/// checked, since ovs-pki certificates name switches and controllers, not hosts.
public struct TLSFiles: Sendable, Hashable {
    public var privateKey: String
    public var certificate: String
    public var caCertificate: String?

    public init(privateKey: String, certificate: String, caCertificate: String? = nil) {
        self.privateKey = privateKey
        self.certificate = certificate
        self.caCertificate = caCertificate
    }

    /// A context for accepting connections (a controller's `pssl:` listener).
    public func makeServerContext() throws(TLSFilesError) -> NIOSSLContext {
        try load { chain, key, trusted in
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: key)
            if let trusted {
                configuration.trustRoots = trusted
                configuration.certificateVerification = .noHostnameVerification
            }
            return configuration
        }
    }

    /// A context for connecting. Without a CA any server certificate is accepted (an OVSDB
    /// client refuses that before it gets here: `OVSDBConnection` needs the CA).
    public func makeClientContext() throws(TLSFilesError) -> NIOSSLContext {
        try load { chain, key, trusted in
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateChain = chain
            configuration.privateKey = key
            if let trusted {
                configuration.trustRoots = trusted
                configuration.certificateVerification = .noHostnameVerification
            } else {
                configuration.certificateVerification = .none
            }
            return configuration
        }
    }

    /// Reads all three files now, so a missing or malformed one is reported by name when the
    /// context is made rather than at the first handshake.
    private func load(
        _ configure: ([NIOSSLCertificateSource], NIOSSLPrivateKeySource, NIOSSLTrustRoots?) -> TLSConfiguration
    ) throws(TLSFilesError) -> NIOSSLContext {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let key = NIOSSLPrivateKeySource.privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem))
            let trusted = try caCertificate.map { NIOSSLTrustRoots.certificates(try NIOSSLCertificate.fromPEMFile($0)) }
            return try NIOSSLContext(configuration: configure(chain, key, trusted))
        } catch {
            let files = [certificate, privateKey] + (caCertificate.map { [$0] } ?? [])
            throw TLSFilesError(description: "cannot load \(files.joined(separator: " / ")): \(error)")
        }
    }
}
