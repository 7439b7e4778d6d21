export type Product = { id: string; name: string; price: number }

const products: Product[] = [
  { id: 'p1', name: 'Espresso cup', price: 9.5 },
  { id: 'p2', name: 'Pour-over kettle', price: 49 },
]

export async function featuredProducts(): Promise<Product[]> {
  return products
}

export async function findProduct(id: string): Promise<Product | undefined> {
  return products.find((p) => p.id === id)
}
