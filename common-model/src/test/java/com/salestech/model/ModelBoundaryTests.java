package com.salestech.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** common-model is the domain: no Spring, no AWS, no service of the suite. */
class ModelBoundaryTests {

  private final JavaClasses model =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.salestech.model");

  @Test
  void theModelDependsOnNoFrameworkAndNoService() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "software.amazon..",
            "io.awspring..",
            "com.salestech.lake..",
            "com.salestech.etl..",
            "com.salestech.ingest..",
            "com.salestech.query..")
        .check(model);
  }
}
