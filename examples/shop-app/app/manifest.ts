import type { MetadataRoute } from 'next'

export default function manifest(): MetadataRoute.Manifest {
  return { name: 'Acme Shop', short_name: 'Acme', start_url: '/', display: 'standalone' }
}
