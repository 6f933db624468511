package com.salestech.lake.embedded;

import com.salestech.lake.LakeStorageException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server (S3Proxy) on a loopback port, keeping the lake as plain files under a
 * directory: the local default when no S3 endpoint is configured. Several processes may each run
 * one over the same directory.
 */
public final class EmbeddedS3Server implements AutoCloseable {

  private final S3Proxy proxy;
  private final URI endpoint;
  private final Path directory;
  private boolean closed;

  private EmbeddedS3Server(S3Proxy proxy, URI endpoint, Path directory) {
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.directory = directory;
  }

  /**
   * Starts a server on {@code host:port} ({@code port} 0 picks a free one) serving {@code
   * directory}, creating it and the given buckets when missing.
   */
  public static EmbeddedS3Server start(
      Path directory,
      String host,
      int port,
      String accessKey,
      String secretKey,
      Collection<String> buckets) {
    try {
      Files.createDirectories(directory);
      BlobStore store =
          new FilesystemNio2BlobStore(directory.toAbsolutePath().normalize().toString());
      for (String bucket : buckets) {
        if (!store.containerExists(bucket)) {
          store.createContainer(bucket);
        }
      }
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(store)
              .endpoint(URI.create("http://" + host + ":" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
              .ignoreUnknownHeaders(true)
              .build();
      proxy.start();
      return new EmbeddedS3Server(
          proxy, URI.create("http://" + host + ":" + proxy.getPort()), directory);
    } catch (IOException e) {
      throw new LakeStorageException("cannot prepare the lake directory " + directory + ": " + e);
    } catch (Exception e) {
      throw new LakeStorageException(
          "cannot start the embedded S3 server on " + host + ":" + port + " for " + directory, e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public Path directory() {
    return directory;
  }

  /** Stops the server; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new LakeStorageException("cannot stop the embedded S3 server at " + endpoint, e);
    }
  }
}
