handbookSearchLoaded("terms/sa",{"same":[8,2],"says":[8,3]});
