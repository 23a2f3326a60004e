package dev.kiln.inference;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface PredictionJobRepository extends JpaRepository<PredictionJob, UUID> {}
