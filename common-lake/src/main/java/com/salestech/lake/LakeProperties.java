package com.salestech.lake;

import com.salestech.model.lake.LakeLayout;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the lake is.
 *
 * @param bronzeRoot root of the bronze layer, an {@code s3://bucket/prefix/} URI
 * @param silverRoot root of the silver layer
 * @param goldRoot root of the gold layer
 * @param embedded the local S3-compatible server started when no S3 endpoint is configured
 * @param retentionGrace old-version cleanup never deletes a version (silver or gold) that was
 *     current less than this long ago, so a reader that resolved it just before can finish
 */
@Validated
@ConfigurationProperties("salestech.lake")
public record LakeProperties(
    @DefaultValue(LakeLayout.DEFAULT_BRONZE) @Pattern(regexp = "s3://[^/]+/.*") String bronzeRoot,
    @DefaultValue(LakeLayout.DEFAULT_SILVER) @Pattern(regexp = "s3://[^/]+/.*") String silverRoot,
    @DefaultValue(LakeLayout.DEFAULT_GOLD) @Pattern(regexp = "s3://[^/]+/.*") String goldRoot,
    @DefaultValue @Valid Embedded embedded,
    @DefaultValue("1h") Duration retentionGrace) {

  /**
   * The embedded S3 server.
   *
   * @param enabled start it when neither {@code spring.cloud.aws.s3.endpoint} nor {@code
   *     spring.cloud.aws.endpoint} is set; turn off on AWS
   * @param directory where the lake's objects are kept as files, one folder per bucket
   * @param host interface to listen on; loopback by default
   * @param port port to listen on; 0 picks a free one (the chosen endpoint is logged)
   * @param accessKey the documented local development access key
   * @param secretKey the documented local development secret key
   */
  public record Embedded(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("./data/lake") @NotBlank String directory,
      @DefaultValue("127.0.0.1") @NotBlank String host,
      @DefaultValue("0") @Min(0) @Max(65535) int port,
      @DefaultValue("local-dev-key") @NotBlank String accessKey,
      @DefaultValue("local-dev-secret") @NotBlank String secretKey) {}

  public LakeLayout layout() {
    return LakeLayout.of(bronzeRoot, silverRoot, goldRoot);
  }
}
