import NIOSSL

/// PEM files as `ovs-pki` makes them. With a CA, the peer must present a certificate it signed
/// (mutual TLS); host names are not checked, since switches are known by certificate, not name.
public struct TLSFiles: Sendable, Hashable {
    public var certificate: String
    public var privateKey: String
    public var caCertificate: String?

    public init(certificate: String, privateKey: String, caCertificate: String? = nil) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.caCertificate = caCertificate
    }

    func serverContext() throws(ControllerError) -> NIOSSLContext {
        do {
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem)))
            if let caCertificate {
                configuration.trustRoots = .file(caCertificate)
                configuration.certificateVerification = .noHostnameVerification
            }
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .tls("cannot load \(certificate) / \(privateKey): \(error)")
        }
    }

    func clientContext() throws(ControllerError) -> NIOSSLContext {
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem))
            if let caCertificate {
                configuration.trustRoots = .file(caCertificate)
                configuration.certificateVerification = .noHostnameVerification
            } else {
                configuration.certificateVerification = .none
            }
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .tls("cannot load \(certificate) / \(privateKey): \(error)")
        }
    }
}
