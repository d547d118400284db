handbookSearchLoaded("terms/hi",{"high":[8,3]});
