package dev.kiln;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the module structure of STYLE.md: DJL stays in djl/, and no two modules depend on each other. */
@AnalyzeClasses(packages = "dev.kiln", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheDjlModuleImportsDjl = noClasses()
            .that().resideOutsideOfPackage("dev.kiln.djl..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..");

    @ArchTest
    static final ArchRule modulesAreFreeOfCycles = slices().matching("dev.kiln.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingDependsOnTheDjlModule = noClasses()
            .that().resideOutsideOfPackage("dev.kiln.djl..")
            .should().dependOnClassesThat().resideInAPackage("dev.kiln.djl..");
}
