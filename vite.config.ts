/**
 * The web app's build: Vite with React, rooted at src/web, written to dist/web where
 * `stateline serve` serves it. `npm run dev:web` serves it with hot reload and sends /api to a
 * `stateline serve` on port 3000.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: "src/web",
  plugins: [react()],
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    // No public source maps in production; STATELINE_SOURCEMAP=1 builds them for debugging.
    sourcemap: process.env.STATELINE_SOURCEMAP === "1",
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { "/api": "http://localhost:3000", "/healthz": "http://localhost:3000" } },
});
