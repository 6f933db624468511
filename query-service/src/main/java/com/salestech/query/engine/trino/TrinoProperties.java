package com.salestech.query.engine.trino;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Trino engine ({@code salestech.query.engine=trino}): a Trino cluster whose Hive catalog reads
 * the gold bucket.
 *
 * @param url the JDBC URL of the coordinator, {@code jdbc:trino://host:port}
 * @param user the user statements run as
 * @param password the password, when the cluster asks for one (over HTTPS); empty: none
 * @param catalog the Hive catalog the versioned gold tables are registered in
 * @param schema the schema they are registered in, created when missing
 * @param locationScheme how a table location names the gold bucket: {@code s3://} on a cluster
 *     reading S3, {@code local:///} for the local Trino whose {@code local.location} is the
 *     embedded lake's folder ({@code file:///} reads no rows there)
 * @param keepSnapshots versioned tables of the last this many gold snapshots stay registered
 */
@Validated
@ConfigurationProperties("salestech.query.trino")
public record TrinoProperties(
    @DefaultValue("jdbc:trino://127.0.0.1:8090") @Pattern(regexp = "jdbc:trino://.+") String url,
    @DefaultValue("query-service") @NotBlank String user,
    @DefaultValue("") String password,
    @DefaultValue("lake") @Pattern(regexp = "[a-z0-9_]+") String catalog,
    @DefaultValue("salestech_query") @Pattern(regexp = "[a-z0-9_]+") String schema,
    @DefaultValue("s3://") @Pattern(regexp = "[a-z0-9]+://(/)?") String locationScheme,
    @DefaultValue("3") @Min(1) @Max(20) int keepSnapshots) {}
