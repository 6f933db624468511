package com.salestech.query.engine.athena;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Athena engine ({@code salestech.query.engine=athena}): where its statements run and how they
 * are awaited.
 *
 * @param region the AWS region of the workgroup; empty: the SDK's default region chain
 * @param endpoint another Athena endpoint (a VPC endpoint, a test server); empty: the region's
 * @param workgroup the workgroup statements run in (its limits, its engine version)
 * @param outputLocation where Athena writes result files, {@code s3://bucket/prefix/}; empty when
 *     the workgroup sets (and enforces) one
 * @param catalog the data catalog of the versioned gold tables
 * @param database the database (schema) the versioned gold tables are registered in, created when
 *     missing; kept apart from batch-etl's database of plain-named tables
 * @param locationScheme how a table location names the gold bucket: {@code s3://}
 * @param resultReuse whether Athena may answer a statement from the results of the same statement
 *     run before: safe here, since table names carry their version and versions never change
 * @param resultReuseMaxAge how old reused results may be
 * @param pollInitial the first wait between two {@code GetQueryExecution}; it doubles up to {@code
 *     pollMax}
 * @param pollMax the longest wait between two {@code GetQueryExecution}
 * @param throttleRetries how many times a throttled call ({@code TooManyRequestsException}) is
 *     retried before the statement is refused as busy
 * @param throttleBackoff the first wait after a throttled call; it doubles with each retry
 * @param keepSnapshots versioned tables of the last this many gold snapshots stay registered
 */
@Validated
@ConfigurationProperties("salestech.query.athena")
public record AthenaProperties(
    @DefaultValue("") String region,
    URI endpoint,
    @DefaultValue("primary") @NotBlank String workgroup,
    @DefaultValue("") @Pattern(regexp = "|s3://.+/") String outputLocation,
    @DefaultValue("AwsDataCatalog") @NotBlank String catalog,
    @DefaultValue("sales_tech_query") @Pattern(regexp = "[a-z0-9_]{1,255}") String database,
    @DefaultValue("s3://") @Pattern(regexp = "[a-z0-9]+://") String locationScheme,
    @DefaultValue("true") boolean resultReuse,
    @DefaultValue("60m") @NotNull Duration resultReuseMaxAge,
    @DefaultValue("200ms") @NotNull Duration pollInitial,
    @DefaultValue("2s") @NotNull Duration pollMax,
    @DefaultValue("5") @Min(0) @Max(20) int throttleRetries,
    @DefaultValue("500ms") @NotNull Duration throttleBackoff,
    @DefaultValue("3") @Min(1) @Max(20) int keepSnapshots) {}
