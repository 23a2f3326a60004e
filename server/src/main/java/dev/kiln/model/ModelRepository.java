package dev.kiln.model;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ModelRepository extends JpaRepository<ModelDefinition, UUID> {}
