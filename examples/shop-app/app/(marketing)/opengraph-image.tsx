import { ImageResponse } from 'next/og'

export const alt = 'Acme Shop'
export const size = { width: 1200, height: 630 }
export const contentType = 'image/png'

export default function Image() {
  return new ImageResponse(<div style={{ fontSize: 96, display: 'flex' }}>Acme — it's coffee time</div>, size)
}
