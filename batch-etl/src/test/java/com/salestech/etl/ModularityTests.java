package com.salestech.etl;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module boundaries of ARCHITECTURE.md, checked on the compiled classes. */
class ModularityTests {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("com.salestech");

  @Test
  void theServicesNeverCallEachOther() {
    noClasses()
        .that()
        .resideInAPackage("com.salestech.etl..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.salestech.ingest..", "com.salestech.query..")
        .check(classes);
  }

  @Test
  void theSharedModulesDependOnNoService() {
    noClasses()
        .that()
        .resideInAnyPackage("com.salestech.model..", "com.salestech.lake..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.salestech.etl..", "com.salestech.ingest..", "com.salestech.query..")
        .check(classes);
  }

  @Test
  void theSilverStepKnowsNothingOfTheWebOrTheCli() {
    noClasses()
        .that()
        .resideInAPackage("com.salestech.etl.silver..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.salestech.etl.cli..", "org.springframework.web..", "jakarta.servlet..")
        .check(classes);
  }

  @Test
  void theSampleGeneratorStandsAloneAndOnlyTheEntryPointReachesIt() {
    // A command-line tool of its own: the domain and the JDK, no Spring, no lake, no jobs.
    noClasses()
        .that()
        .resideInAPackage("com.salestech.etl.sample..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "com.salestech.lake..",
            "com.salestech.etl.cli..",
            "com.salestech.etl.jobs..",
            "com.salestech.etl.silver..",
            "com.salestech.etl.gold..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("com.salestech.etl..")
        .and()
        .resideOutsideOfPackage("com.salestech.etl.sample..")
        .and()
        .doNotHaveFullyQualifiedName(BatchEtlApplication.class.getName())
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.salestech.etl.sample..")
        .check(classes);
  }
}
