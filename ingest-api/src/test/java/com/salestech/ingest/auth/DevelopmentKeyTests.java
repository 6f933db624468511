package com.salestech.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.ingest.api.Problems;
import com.salestech.ingest.queue.EventJson;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The public development key is accepted only under the local profile. */
class DevelopmentKeyTests {

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
          .withBean(Problems.class, () -> new Problems(EventJson.mapper()))
          .withUserConfiguration(AuthConfiguration.class)
          .withPropertyValues(
              "salestech.ingest.auth.keys[0].name=local-dev",
              "salestech.ingest.auth.keys[0].sha256=" + ApiKeys.DEVELOPMENT_KEY_SHA256);

  @Test
  void theDevelopmentKeyIsAcceptedUnderTheLocalProfile() {
    runner
        .withPropertyValues("spring.profiles.active=local")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ApiKeys.class).lookup(ApiKeys.DEVELOPMENT_KEY))
                  .isEqualTo(new ApiKeys.Lookup.Known(new ApiKey("local-dev")));
            });
  }

  @Test
  void anyOtherProfileRefusesToStartWithIt() {
    runner
        .withPropertyValues("spring.profiles.active=prod")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("public development key (local-dev)")
                    .hasMessageContaining("'local' is not active"));
  }

  @Test
  void anyOtherProfileStartsWithItsOwnKeys() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
        .withBean(Problems.class, () -> new Problems(EventJson.mapper()))
        .withUserConfiguration(AuthConfiguration.class)
        .withPropertyValues(
            "spring.profiles.active=prod",
            "salestech.ingest.auth.keys[0].name=shop-1",
            "salestech.ingest.auth.keys[0].sha256=" + ApiKeys.sha256("a-real-secret"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ApiKeys.class).lookup(ApiKeys.DEVELOPMENT_KEY))
                  .isInstanceOf(ApiKeys.Lookup.Unknown.class);
            });
  }
}
